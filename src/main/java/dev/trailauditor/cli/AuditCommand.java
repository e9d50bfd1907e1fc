package dev.trailauditor.cli;

import dev.trailauditor.Auditor;
import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.aws.SsmParameters;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigException;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.config.Member;
import dev.trailauditor.repair.WritePacer;
import dev.trailauditor.report.Report;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/** {@code audit}: the Lambda's pipeline, run once from a terminal with the person's credentials. */
final class AuditCommand {
    /** No Lambda timeout here, but a hung account must still not hold the run forever. */
    private static final Duration BUDGET = Duration.ofHours(1);

    private final CliContext context;
    private final CliArguments args;
    private final Clock clock = Clock.systemUTC();
    private AwsClients clients;

    AuditCommand(CliContext context, CliArguments args) {
        this.context = context;
        this.args = args;
    }

    int run() {
        args.output().ifPresent(ReportOutput::checkWritable);
        Optional<ConfigFile> file = args.config().map(ConfigFile::read);
        if (file.isEmpty() && ConfigLoader.VARIABLES.stream().noneMatch(context.environment()::containsKey)) {
            throw new IllegalArgumentException("no configuration: use --config FILE (audit.example.yaml at the top of"
                    + " the repository is one to copy), or set its variables in the environment");
        }
        Map<String, String> environment = new HashMap<>(context.environment());
        args.profile().ifPresent(profile -> environment.put("AWS_PROFILE", profile));
        args.region().map(AuditCommand::knownRegion).ifPresent(region -> environment.put("AWS_REGION", region));
        Map<String, String> settings = TerminalSettings.of(environment, file.map(ConfigFile::values).orElse(Map.of()),
                args.repair());
        AuditConfig config = load(settings, file);
        try (AwsClients aws = clients(settings)) {
            List<Member> members = args.accounts().isEmpty() ? config.members() : config.membersWithIds(args.accounts());
            Auditor auditor = new Auditor(config, aws, clock, new WritePacer(clock, d -> Thread.sleep(d.toMillis())),
                    Progress.on(context.err(), context.interactive(), members.size(), clock));
            Report report = auditor.publish(auditor.audit(clock.instant().plus(BUDGET), members));
            boolean written = ReportOutput.write(report, args.json(), TerminalText.width(context.environment()),
                    args.output(), context.out(), context.err());
            return written ? ExitCode.of(report) : ExitCode.FAILED;
        }
    }

    /** Validated before any AWS call; the registry parameter, if used, is the first call. */
    private AuditConfig load(Map<String, String> settings, Optional<ConfigFile> file) {
        try {
            return ConfigLoader.load(settings, name ->
                    SsmParameters.reader(clients(settings).ssm(SdkClients.functionRegion(settings))).read(name));
        } catch (ConfigException e) {
            throw file.map(f -> f.locate(e)).orElse(e);
        }
    }

    private AwsClients clients(Map<String, String> settings) {
        if (clients == null) {
            clients = context.aws().apply(settings);
        }
        return clients;
    }

    private static String knownRegion(String region) {
        if (Region.regions().stream().noneMatch(r -> r.id().equals(region))) {
            throw new IllegalArgumentException("--region '" + region + "' is not an AWS region the SDK knows (e.g. eu-west-1)");
        }
        return region;
    }
}
