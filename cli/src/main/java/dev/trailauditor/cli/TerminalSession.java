package dev.trailauditor.cli;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.aws.SsmParameters;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigLoader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * What a terminal command starts from: the settings (the environment, --profile, --region and the
 * config file), the configuration validated from them before any AWS call, and the clients, built
 * once on first use and closed with the session.
 */
final class TerminalSession implements AutoCloseable {
    private final CliContext context;
    private final Map<String, String> settings;
    private final Optional<ConfigFile> file;
    private AwsClients clients;

    private TerminalSession(CliContext context, Map<String, String> settings, Optional<ConfigFile> file) {
        this.context = context;
        this.settings = settings;
        this.file = file;
    }

    /** Checks that --output can be written, reads the config file (if any) and the flags; calls no AWS API. */
    static TerminalSession open(CliContext context, CliArguments args) {
        args.output().ifPresent(ReportOutput::checkWritable);
        Optional<ConfigFile> file = args.config().map(ConfigFile::read);
        Map<String, String> environment = new HashMap<>(context.environment());
        args.profile().ifPresent(profile -> environment.put("AWS_PROFILE", profile));
        args.region().map(TerminalSession::knownRegion).ifPresent(region -> environment.put("AWS_REGION", region));
        return new TerminalSession(context, TerminalSettings.of(environment,
                file.map(ConfigFile::values).orElse(Map.of()), args.repair()), file);
    }

    /** Validated before any AWS call; the registry parameter, if used, is the first call. */
    AuditConfig config() {
        // An emulator's endpoint says where to call, not what to audit: it alone is no configuration.
        if (file.isEmpty() && ConfigLoader.VARIABLES.stream().filter(v -> !v.equals(ConfigLoader.AWS_ENDPOINT_URL))
                .noneMatch(context.environment()::containsKey)) {
            throw new IllegalArgumentException("no configuration: use --config FILE (audit.example.yaml at the top of"
                    + " the repository is one to copy), or set its variables in the environment");
        }
        ConfigLoader.ParameterReader parameters = name ->
                SsmParameters.reader(clients().ssm(SdkClients.functionRegion(settings))).read(name);
        return file.isPresent() ? file.get().load(settings, parameters) : ConfigLoader.load(settings, parameters);
    }

    /** Where STS and the function's own resources (registry parameter, log group) are called. */
    String functionRegion() {
        return SdkClients.functionRegion(settings);
    }

    AwsClients clients() {
        if (clients == null) {
            clients = context.aws().apply(settings);
        }
        return clients;
    }

    /** The function's log group, read by last-report: only AWS keeps logs, a simulated fleet has none. */
    CloudWatchLogsClient logs() {
        if (clients() instanceof SdkClients sdk) {
            // serviceId "CloudWatch Logs": https://docs.aws.amazon.com/sdkref/latest/guide/ss-endpoints-table.html
            return sdk.ownClient("CLOUDWATCH_LOGS", functionRegion(), CloudWatchLogsClient::builder);
        }
        throw new UnsupportedOperationException("these clients cannot read CloudWatch Logs (a simulated fleet keeps no logs)");
    }

    @Override
    public void close() {
        if (clients != null) {
            clients.close();
        }
    }

    private static String knownRegion(String region) {
        if (Region.regions().stream().noneMatch(r -> r.id().equals(region))) {
            throw new IllegalArgumentException("--region '" + region + "' is not an AWS region the SDK knows (e.g. eu-west-1)");
        }
        return region;
    }
}
