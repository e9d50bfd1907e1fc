package dev.trailauditor.cli;

import dev.trailauditor.sim.DemoFleet;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code demo}: the terminal's own audit, first as a dry run and then with --repair, against the
 * built-in simulated fleet instead of AWS. Only the clients and the settings differ from a real run.
 */
final class DemoCommand {
    private final CliContext context;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    int run() {
        PrintStream out = context.out();
        DemoFleet demo = DemoFleet.create();
        String bucketBefore = demo.bucketPolicy();
        String keyBefore = demo.keyPolicy();
        out.println("Trail Auditor demo: a simulated audit account (" + DemoFleet.AUDIT_ACCOUNT
                + ") and 4 member accounts, in memory. No AWS account, no network.");
        out.println("Drift seeded into the fleet:");
        DemoFleet.drift().forEach(d -> out.println("  - " + d));

        // Settings come from the demo alone: the person's own AWS variables must not leak in.
        CliContext simulated = new CliContext(out, context.err(), false, DemoFleet.SETTINGS, settings -> demo.clients());
        heading("1. Audit (a dry run: nothing is changed, the repair plan is reported)", "audit");
        int audit = new AuditCommand(simulated, CliArguments.parse("audit")).run();
        out.println("exit code " + audit);

        heading("2. Repair", "audit --repair");
        int repair = new AuditCommand(simulated, CliArguments.parse("audit", "--repair")).run();
        out.println("exit code " + repair);

        heading("3. What the repair wrote, read back from the fleet", null);
        demo.fleet().mutatingCalls().forEach(call -> out.println("  " + call.accountId() + " " + call.operation()));
        diff("bucket policy", bucketBefore, demo.bucketPolicy());
        diff("key policy", keyBefore, demo.keyPolicy());
        out.println("\nAgainst real accounts: java -jar trail-auditor.jar audit --config audit.json (see --help).");
        return repair;
    }

    private void heading(String title, String command) {
        context.out().println("\n=== " + title + (command == null ? "" : "  [same as: trail-auditor " + command + "]") + " ===");
    }

    private void diff(String policy, String before, String after) {
        List<String> lines = PolicyDiff.lines(before, after);
        context.out().println("\n" + policy + (lines.isEmpty() ? ": unchanged" : ":"));
        lines.forEach(line -> context.out().println("  " + line));
    }
}
