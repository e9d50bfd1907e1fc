package dev.trailauditor.report;

import dev.trailauditor.check.Check;
import dev.trailauditor.check.CheckResult;
import dev.trailauditor.check.Outcome;
import dev.trailauditor.repair.PolicyChange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Renders the report as a plain-text email: worst first, grouped by account, one line per
 * finding with expected and actual. Compliant accounts are named in one paragraph. The body
 * never exceeds its byte budget: what does not fit is summarised, so the email is always sent.
 */
public final class EmailRenderer {
    /** SNS takes 262,144 bytes; the rest is headroom for SNS's own email wrapping. */
    public static final int DEFAULT_BUDGET_BYTES = 240_000;
    /** Findings about members' grants shown in the CENTRAL block. */
    static final int CENTRAL_LINES = 50;
    static final int SUBJECT_LIMIT = 99;

    /** At a terminal, for someone running the auditor for the first time: what the report's words mean. */
    static final String TERMINAL_LEGEND = """

            Reading it: each check is FAIL, REPAIRED or UNREACHABLE (the auditor could not look), and CRITICAL \
            (anyone at all gets in), HIGH (logs are or will be lost, or any IAM principal gets in), MEDIUM or LOW. \
            PLANNED is what --repair would do; DONE and WRITTEN what it did. CENTRAL is the central bucket and key \
            policies, [222222222222] the member a finding there is about, (#2) a statement's place in its policy. \
            A policy's shape is how the auditor writes its grants: PER_MEMBER one statement per member, LISTED one \
            per permission listing every member, ACCOUNT_LIST one per permission by account list.
            """;

    private final int budgetBytes;
    /** The last line: where the reader finds the full JSON report. */
    private final String jsonHint;
    /** After it: what the words mean (the terminal's; the email has none). */
    private final String legend;

    public EmailRenderer() {
        this(DEFAULT_BUDGET_BYTES, "The function's result and log hold the full JSON report", "");
    }

    EmailRenderer(int budgetBytes) {
        this(budgetBytes, "The function's result and log hold the full JSON report", "");
    }

    private EmailRenderer(int budgetBytes, String jsonHint, String legend) {
        this.budgetBytes = budgetBytes;
        this.jsonHint = jsonHint;
        this.legend = legend;
    }

    /** The same report read at a terminal, where --json prints the JSON report, with a legend. */
    public static EmailRenderer forTerminal() {
        return new EmailRenderer(DEFAULT_BUDGET_BYTES, "--json prints the full JSON report", TERMINAL_LEGEND);
    }

    public String subject(Report report) {
        return asSubject((report.runFailed() ? "Trail audit FAILED: " : "Trail audit: ") + report.summary());
    }

    /** "Trail audit FAILED: configuration", or the exception itself: what broke, at a glance in the inbox. */
    public String subject(RunFailure failure) {
        return asSubject("Trail audit FAILED: "
                + (failure.kind() == RunFailure.Kind.CONFIGURATION ? failure.kind().label() : failure.error()));
    }

    /** SNS subjects: ASCII, one line, under 100 characters. */
    private static String asSubject(String text) {
        String subject = text.replaceAll("[^\\x20-\\x7E]", "?");
        return subject.length() <= SUBJECT_LIMIT ? subject : subject.substring(0, SUBJECT_LIMIT - 3) + "...";
    }

    /** A run that ended without a report: what broke, what it means for the night's audit, and what to do. */
    public String body(RunFailure failure) {
        String meaning = switch (failure.kind()) {
            case CONFIGURATION -> "The function's configuration is invalid, so no account was audited and nothing was"
                    + " repaired. Every run fails the same way until the function's settings (the template's parameters)"
                    + " are fixed and deployed again.";
            case EXCEPTION -> "The run broke off before its report was complete, so no audit report follows for this run."
                    + " Repairs it made before it broke off stay in place; the next run checks everything again.";
        };
        String body = "Trail audit " + failure.at().truncatedTo(ChronoUnit.SECONDS) + " FAILED (" + failure.kind().label()
                + ")\nRun " + failure.runId() + "\n\n" + meaning + "\n\n" + failure.error() + "\n\n"
                + "The function's log holds the details" + (failure.kind() == RunFailure.Kind.EXCEPTION ? ", stack trace included" : "")
                + " (search it for the run id).\n";
        return fit(body);
    }

    /** A failure's text comes from outside (an exception message): cut to the budget, never past it. */
    private String fit(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= budgetBytes) {
            return body;
        }
        String cut = new String(bytes, 0, budgetBytes - 100, StandardCharsets.UTF_8);
        return cut + "\n... cut to fit the email; the function's log has it all.\n";
    }

    /**
     * The body, or should rendering ever fail, a short one that still says what the run found and
     * where the full report is: the email must go out whatever the report holds.
     */
    public String safeBody(Report report) {
        try {
            return body(report);
        } catch (RuntimeException e) {
            return "Trail audit " + report.startedAt() + ": " + report.summary() + "\n\nThe full report could not be"
                    + " rendered as text (" + e + ").\n" + jsonHint + " (run " + report.runId() + ").\n";
        }
    }

    public String body(Report report) {
        StringBuilder head = new StringBuilder();
        head.append("Trail audit ").append(report.startedAt().truncatedTo(ChronoUnit.SECONDS)).append(": ").append(report.summary()).append("\n");
        head.append("Run ").append(report.runId()).append(", mode ").append(report.mode()).append(", ")
                .append(report.totals().accounts()).append(" accounts, took ")
                .append(seconds(Duration.between(report.startedAt(), report.finishedAt()))).append("\n");
        if (report.cutShort()) {
            head.append("The run reached its time limit before it finished: what it could not finish is marked below"
                    + " (timed out, or not attempted), and the next run takes it up again.\n");
        }

        List<String> blocks = new ArrayList<>();
        if (report.central().status() != Status.COMPLIANT || report.central().hardening() != Status.COMPLIANT) {
            blocks.add(centralBlock(report.central()));
        }
        report.central().changes().stream().filter(c -> c.state() != PolicyChange.State.UNCHANGED)
                .forEach(c -> blocks.add(changeBlock(c)));
        report.accounts().stream()
                .filter(a -> a.status() != Status.COMPLIANT)
                .sorted(Comparator.comparing(AccountReport::status).thenComparing(EmailRenderer::worstSeverity)
                        .thenComparing(AccountReport::accountId))
                .forEach(a -> blocks.add(accountBlock(a, report.central().about(a.accountId()))));
        String compliant = remedies(report) + compliantBlock(report);
        String foot = footer(report);

        StringBuilder body = new StringBuilder(head);
        int used = bytes(head) + bytes(compliant) + bytes(foot);
        int shown = 0;
        for (String block : blocks) {
            String more = "\n... " + (blocks.size() - shown) + " more sections left out to fit the email; the JSON report has them all.\n";
            if (used + bytes(block) + bytes(more) > budgetBytes) {
                body.append(more);
                break;
            }
            body.append(block);
            used += bytes(block);
            shown++;
        }
        return body.append(compliant).append(foot).toString();
    }

    /**
     * The central findings worst first: every one about the policies themselves (exposures, the key's state), and
     * of those about one member's grant at most {@link #CENTRAL_LINES}. When a policy fails every member, the block
     * would otherwise outgrow the email and be left out whole; each account's block names its own grants anyway.
     */
    private static String centralBlock(CentralReport central) {
        StringBuilder block = new StringBuilder("\nCENTRAL ").append(central.status())
                .append(central.hardening() == Status.COMPLIANT ? "" : ", hardening " + central.hardening())
                .append("  bucket ").append(central.bucket()).append(", key ").append(central.keyArn()).append("\n");
        int memberLines = 0;
        int leftOut = 0;
        for (CheckResult finding : central.checks().stream().filter(r -> r.outcome() != Outcome.PASS).sorted(WORST_FIRST).toList()) {
            if (finding.account() == null || memberLines++ < CENTRAL_LINES) {
                block.append(line(finding, true));
            } else {
                leftOut++;
            }
        }
        if (leftOut > 0) {
            block.append("  ... and ").append(leftOut)
                    .append(" more members' grant findings, each under its account below and in the JSON report\n");
        }
        return block.toString();
    }

    /** A policy change as a person checks it: what happened, the size budget, and the exact statements. */
    private static String changeBlock(PolicyChange change) {
        StringBuilder block = new StringBuilder("\n").append(change.state()).append("  ").append(change.policy())
                .append(" of ").append(change.resource()).append("\n");
        if (change.reason() != null) {
            block.append("  ").append(change.reason()).append("\n");
        }
        if (change.shape() != null) {
            block.append(String.format("  shape %s, %,d -> %,d of %,d bytes (%,d left)%n", change.shape(),
                    change.sizeBefore(), change.sizeAfter(), change.limit(), change.roomLeft()));
        }
        change.added().forEach(s -> block.append("  + ").append(s).append("\n"));
        change.replaced().forEach(r -> block.append("  ~ ").append(r.before()).append("\n    -> ").append(r.after()).append("\n"));
        change.removed().forEach(s -> block.append("  - ").append(s).append("\n"));
        change.stillUnmet().forEach(u -> block.append("  still unmet: ").append(u).append("\n"));
        change.advice().forEach(a -> block.append("  to do: ").append(a).append("\n"));
        return block.toString();
    }

    private static String accountBlock(AccountReport account, List<CheckResult> centralGrants) {
        StringBuilder block = new StringBuilder("\n").append(account.status()).append("  ").append(account.label())
                .append("  ").append(account.trailArn()).append("\n");
        List<CheckResult> problems = account.checks().stream().filter(r -> r.outcome() != Outcome.PASS).toList();
        // An account can be unreachable through the central policies alone, with no problem of its own.
        if (!problems.isEmpty() && problems.stream().allMatch(r -> r.outcome() == Outcome.UNREACHABLE)
                && problems.stream().map(CheckResult::actual).distinct().count() == 1) {
            // Every check failed for the same reason: say it once.
            block.append("  could not look: ").append(problems.get(0).actual()).append("\n");
        } else {
            problems.stream().sorted(WORST_FIRST).forEach(r -> block.append(line(r, false)));
        }
        account.repairs().forEach(step -> block.append(String.format("  %-11s %s %s (fixes %s)%s%n", step.state(),
                step.call(), step.describeChanges(), String.join(", ", step.fixes()),
                step.error() == null ? "" : ": " + step.error())));
        if (account.note() != null) {
            block.append("  ").append(account.note()).append("\n");
        }
        List<String> missing = grants(centralGrants, Outcome.FAIL);
        if (!missing.isEmpty()) {
            block.append("  central grants not in place: ").append(String.join(", ", missing)).append(" (see CENTRAL)\n");
        }
        List<String> unknown = grants(centralGrants, Outcome.UNREACHABLE);
        if (!unknown.isEmpty()) {
            block.append("  central grants could not be checked: ").append(String.join(", ", unknown)).append(" (see CENTRAL)\n");
        }
        List<String> repaired = grants(centralGrants, Outcome.REPAIRED);
        if (!repaired.isEmpty()) {
            block.append("  central grants repaired: ").append(String.join(", ", repaired)).append(" (see CENTRAL)\n");
        }
        return block.toString();
    }

    private static List<String> grants(List<CheckResult> centralGrants, Outcome... outcomes) {
        List<Outcome> wanted = List.of(outcomes);
        return centralGrants.stream().filter(r -> wanted.contains(r.outcome())).map(r -> r.check().id()).toList();
    }

    private static String line(CheckResult r, boolean withAccount) {
        String subject = withAccount && r.account() != null ? " [" + r.account() + "]" : "";
        return String.format("  %-11s %-6s %s%s: expected %s; found %s%n",
                r.outcome(), r.severity(), r.check().id(), subject, r.expected(), r.actual());
    }

    /** Each failed control once, in catalogue order: what is at risk while it fails, and what to do. */
    private static String remedies(Report report) {
        SortedSet<Check> failed = new TreeSet<>();
        Stream.concat(report.central().checks().stream(), report.accounts().stream().flatMap(a -> a.checks().stream()))
                .filter(r -> r.outcome() == Outcome.FAIL).forEach(r -> failed.add(r.check()));
        if (failed.isEmpty()) {
            return "";
        }
        StringBuilder block = new StringBuilder("\nWHAT TO DO\n");
        failed.forEach(c -> block.append("  ").append(c.id()).append(": ").append(c.risk()).append(' ')
                .append(c.remediation()).append("\n"));
        return block.toString();
    }

    private static String compliantBlock(Report report) {
        List<String> labels = report.accounts().stream().filter(a -> a.status() == Status.COMPLIANT)
                .map(AccountReport::label).toList();
        if (labels.isEmpty()) {
            return "";
        }
        String list = String.join(", ", labels);
        if (list.length() > 2_000) {
            list = labels.size() + " accounts (listed in the JSON report)";
        }
        return "\nCOMPLIANT  " + list + "\n";
    }

    private String footer(Report report) {
        Totals t = report.totals();
        return "\nChecks: " + t.checksPassed() + " passed, " + t.checksFailed() + " failed, " + t.checksRepaired()
                + " repaired, " + t.checksUnreachable() + " unreachable.\n"
                + jsonHint + " (run " + report.runId() + ").\n" + legend;
    }

    /** What needs a person first; among those, what loses logs before who else gets in, then by severity. */
    private static final Comparator<CheckResult> WORST_FIRST = Comparator
            .comparing(CheckResult::outcome, Comparator.comparing(EmailRenderer::outcomeRank))
            .thenComparing(r -> r.check().exposure())
            .thenComparing(CheckResult::severity)
            .thenComparing(r -> r.check().ordinal());

    /** FAIL and UNREACHABLE before REPAIRED: what still needs a person comes first. */
    private static int outcomeRank(Outcome outcome) {
        return switch (outcome) {
            case FAIL -> 0;
            case UNREACHABLE -> 1;
            case REPAIRED -> 2;
            case PASS -> 3;
        };
    }

    private static int worstSeverity(AccountReport account) {
        return account.checks().stream().filter(r -> r.outcome() != Outcome.PASS)
                .mapToInt(r -> r.severity().ordinal()).min().orElse(Integer.MAX_VALUE);
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static int bytes(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
