package dev.trailauditor.cli;

import dev.trailauditor.sim.DemoFleet;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code demo}: the terminal's own audit, first as a dry run and then with --repair, against the
 * built-in simulated fleet instead of AWS. Only the clients and the settings differ from a real run.
 * With --json the two reports are the JSON ones, alone on stdout (the story goes to stderr), so
 * {@code demo --json | jq .summary} reads them.
 */
final class DemoCommand {
    private final CliContext context;
    private final boolean json;
    /** Where the story goes: stdout, or stderr when stdout carries the JSON reports. */
    private final PrintStream story;
    private final int width;

    DemoCommand(CliContext context, boolean json) {
        this.context = context;
        this.json = json;
        this.story = json ? context.err() : context.out();
        this.width = TerminalText.width(context.environment());
    }

    int run() {
        DemoFleet demo = DemoFleet.create();
        String bucketBefore = demo.bucketPolicy();
        String keyBefore = demo.keyPolicy();
        say("Trail Auditor demo: a simulated audit account (" + DemoFleet.AUDIT_ACCOUNT
                + ") and 4 member accounts, in memory. No AWS account, no network.");
        say("Drift seeded into the fleet:");
        DemoFleet.drift().forEach(d -> say("  - " + d));

        // Settings come from the demo alone: the person's own AWS variables must not leak in (the width may).
        Map<String, String> settings = new HashMap<>(DemoFleet.SETTINGS);
        if (context.environment().containsKey("COLUMNS")) {
            settings.put("COLUMNS", context.environment().get("COLUMNS"));
        }
        CliContext simulated = new CliContext(context.out(), context.err(), false, settings, s -> demo.clients());
        heading("1. Audit (a dry run: nothing is changed, the repair plan is reported)", "audit");
        int audit = audit(simulated);
        say("exit code " + audit);

        heading("2. Repair", "audit --repair");
        int repair = audit(simulated, "--repair");
        say("exit code " + repair);

        heading("3. What the repair wrote, read back from the fleet", null);
        demo.fleet().mutatingCalls().forEach(call -> say("  " + call.accountId() + " " + call.operation()));
        diff("bucket policy", bucketBefore, demo.bucketPolicy());
        diff("key policy", keyBefore, demo.keyPolicy());
        say("\nAgainst real accounts: java -jar trail-auditor.jar audit --config audit.yaml (see --help).");
        return repair;
    }

    private int audit(CliContext simulated, String... flags) {
        List<String> args = new ArrayList<>(List.of("audit"));
        args.addAll(List.of(flags));
        if (json) {
            args.add("--json");
        }
        return new AuditCommand(simulated, CliArguments.parse(args.toArray(String[]::new))).run();
    }

    private void heading(String title, String command) {
        say("\n=== " + title + (command == null ? "" : "  [same as: trail-auditor " + command + "]") + " ===");
    }

    private void diff(String policy, String before, String after) {
        List<String> lines = PolicyDiff.lines(before, after);
        say("\n" + policy + (lines.isEmpty() ? ": unchanged" : ":"));
        lines.forEach(line -> say("  " + line));
    }

    private void say(String text) {
        story.print(TerminalText.wrap(text + "\n", width));
        story.flush();
    }
}
