package dev.trailauditor.cli;

import dev.trailauditor.Auditor;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.repair.WritePacer;
import dev.trailauditor.report.Report;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** {@code audit}: the Lambda's pipeline, run once from a terminal with the person's credentials. */
final class AuditCommand {
    /** No Lambda timeout here, but a hung account must still not hold the run forever. */
    private static final Duration BUDGET = Duration.ofHours(1);

    private final CliContext context;
    private final CliArguments args;
    private final Clock clock = Clock.systemUTC();

    AuditCommand(CliContext context, CliArguments args) {
        this.context = context;
        this.args = args;
    }

    int run() {
        try (TerminalSession session = TerminalSession.open(context, args)) {
            AuditConfig config = session.config();
            List<Member> members = args.accounts().isEmpty() ? config.members() : config.membersWithIds(args.accounts());
            Auditor auditor = new Auditor(config, session.clients(), clock,
                    new WritePacer(clock, d -> Thread.sleep(d.toMillis())),
                    Progress.on(context.err(), context.interactive(), members.size(), clock));
            Report report = auditor.publish(auditor.audit(clock.instant().plus(BUDGET), members));
            boolean written = ReportOutput.write(report, args.json(), TerminalText.width(context.environment()),
                    args.output(), context.out(), context.err());
            return written ? ExitCode.of(report) : ExitCode.FAILED;
        }
    }
}
