package dev.trailauditor.cli;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.observe.CentralReader;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.Statement;
import dev.trailauditor.repair.CentralRepairer;
import dev.trailauditor.repair.GrantRemoval;
import dev.trailauditor.repair.PolicyChange;
import dev.trailauditor.repair.PolicyPlan;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code grants}: lists the auditor's own statements in the central bucket and key policies (what
 * stays behind after {@code sam delete}); with {@code --remove} shows the policies without them,
 * and with {@code --yes} writes them through the repair path (re-read first, KMS's lockout check on,
 * read back after). Without {@code --yes} nothing is written.
 */
final class GrantsCommand {
    /** Two policy writes; no run budget applies, but a hung call must not hold the terminal forever. */
    private static final Duration BUDGET = Duration.ofMinutes(5);

    private final CliContext context;
    private final CliArguments args;
    private final Clock clock;
    private final PrintStream out;

    GrantsCommand(CliContext context, CliArguments args, Clock clock) {
        this.context = context;
        this.args = args;
        this.clock = clock;
        this.out = context.out();
    }

    int run() {
        try (TerminalSession session = TerminalSession.open(context, args)) {
            AuditConfig config = session.config();
            CentralReader reader = new CentralReader(session.clients(), config);
            Instant at = clock.instant();
            List<GrantRemoval> removals = List.of(
                    GrantRemoval.of(PolicyKind.BUCKET, config.centralBucket(), reader.bucketPolicy(), config, at),
                    GrantRemoval.of(PolicyKind.KEY, config.keyArn().toString(), Optional.of(reader.keyPolicy()), config, at));
            removals.forEach(this::list);
            if (!args.remove()) {
                return ExitCode.COMPLIANT;
            }
            int exit = ExitCode.COMPLIANT;
            List<PolicyPlan> plans = new ArrayList<>();
            for (GrantRemoval removal : removals) {
                if (removal.managed().isEmpty()) {
                    continue;
                }
                out.println("\n" + name(removal) + ": remove " + removal.managed().size() + " statement(s)");
                if (removal.refusal() != null) {
                    out.println("  REFUSED: " + removal.refusal());
                    exit = ExitCode.DRIFT;
                    continue;
                }
                PolicyDiff.lines(removal.before().orElse(null), removal.remaining().toJson())
                        .forEach(line -> out.println("  " + line));
                int needed = removal.statementsCloudTrailStillNeeds(config, clock.instant());
                if (needed > 0) {
                    out.println("  warning: without them CloudTrail can no longer deliver for every registered member"
                            + " (the auditor would add " + needed + " statement(s) back): remove them only once the member"
                            + " trails no longer deliver here");
                }
                plans.add(removal.plan());
            }
            if (plans.isEmpty()) {
                return exit;
            }
            if (!args.yes()) {
                out.println("\nDry run: nothing was written. Run again with --remove --yes to write the policies above.");
                return exit;
            }
            CentralRepairer repairer = new CentralRepairer(session.clients(), config, clock);
            for (PolicyChange change : repairer.apply(plans, clock.instant().plus(BUDGET))) {
                exit = Math.max(exit, report(change, reader, config));
            }
            return exit;
        }
    }

    private void list(GrantRemoval removal) {
        int total = removal.before().map(text -> PolicyDocument.parse(text).statements().size()).orElse(0);
        int bytes = removal.before().map(text -> PolicyDocument.parse(text).sizeBytes()).orElse(0);
        out.println(name(removal) + ": " + removal.managed().size() + " of " + total + " statement(s) are the auditor's ("
                + String.format("%,d", bytes) + " of " + String.format("%,d", removal.kind().limitBytes()) + " bytes)");
        for (Statement statement : removal.managed()) {
            out.println(String.format("  %-40s %,7d bytes", statement.sid(),
                    statement.json().toString().getBytes(StandardCharsets.UTF_8).length));
        }
    }

    /** What the write did, as read back: only a policy that now holds none of the auditor's statements is done. */
    private int report(PolicyChange change, CentralReader reader, AuditConfig config) {
        if (change.state() != PolicyChange.State.WRITTEN) {
            out.println("\n" + change.policy() + " of " + change.resource() + ": " + change.state() + ": " + change.reason());
            return ExitCode.DRIFT;
        }
        Optional<String> after = change.policy().startsWith("bucket") ? reader.bucketPolicy() : Optional.of(reader.keyPolicy());
        PolicyDocument document = after.map(PolicyDocument::parse).orElseGet(PolicyDocument::empty);
        List<Statement> statements = document.statements();
        long left = GrantRemoval.own(change.policy().startsWith("bucket") ? PolicyKind.BUCKET : PolicyKind.KEY, document,
                config, clock.instant()).own().size();
        out.println("\n" + change.policy() + " of " + change.resource() + ": written and read back: " + statements.size()
                + " statement(s), " + (left == 0 ? "none of them the auditor's" : left + " of them still the auditor's"));
        return left == 0 ? ExitCode.COMPLIANT : ExitCode.DRIFT;
    }

    private static String name(GrantRemoval removal) {
        return (removal.kind() == PolicyKind.BUCKET ? "bucket policy of " : "key policy of ") + removal.resource();
    }
}
