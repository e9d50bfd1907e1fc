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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
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
    /** Trigger calls listed one a line in the email; a burst has more, counted. */
    static final int TRIGGER_LINES = 5;
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

    /** The same renderer within another byte budget (the JSON the SNS message wraps the text in takes room too). */
    EmailRenderer withBudget(int bytes) {
        return new EmailRenderer(bytes, jsonHint, legend);
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
                .append(report.totals().accounts() == 0 ? "central policies only" : report.totals().accounts() + " accounts")
                .append(", took ").append(seconds(Duration.between(report.startedAt(), report.finishedAt()))).append("\n");
        if (report.trigger() != null) {
            head.append(triggerLines(report.trigger()));
        }
        if (report.failedCalls() != null) {
            head.append(failedCallLines(report.failedCalls()));
        }
        if (report.changes() != null) {
            head.append(since(report, report.changes())).append("\n");
        }
        if (report.cutShort()) {
            head.append("The run reached its time limit before it finished: what it could not finish is marked below"
                    + " (timed out, or not attempted), and the next run takes it up again.\n");
        }

        report.warnings().forEach(w -> head.append("Warning: ").append(w).append("\n"));
        List<String> blocks = report.changes() == null ? worstFirst(report) : byChange(report, report.changes());
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

    /** Without a previous run to compare with (no history kept): the central policies, then accounts worst first. */
    private static List<String> worstFirst(Report report) {
        List<String> blocks = new ArrayList<>();
        if (report.central().status() != Status.COMPLIANT || report.central().hardening() != Status.COMPLIANT) {
            blocks.add(centralBlock(report.central(), r -> false));
        }
        blocks.addAll(policyChangeBlocks(report.central()));
        nonCompliant(report.accounts()).forEach(a -> blocks.add(accountBlock(a, report.central().about(a.accountId()), r -> false)));
        return blocks;
    }

    private static List<String> policyChangeBlocks(CentralReport central) {
        return central.changes().stream().filter(c -> c.state() != PolicyChange.State.UNCHANGED)
                .map(EmailRenderer::changeBlock).toList();
    }

    private static java.util.stream.Stream<AccountReport> nonCompliant(List<AccountReport> accounts) {
        return accounts.stream().filter(a -> a.status() != Status.COMPLIANT)
                .sorted(Comparator.comparing(AccountReport::status).thenComparing(EmailRenderer::worstSeverity)
                        .thenComparing(AccountReport::accountId));
    }

    /** "Since run r-1 of 2026-11-28T03:00:00Z: 1 new, 2 still open, 0 repaired, 1 resolved; accounts added: ..." */
    private static String since(Report report, Changes changes) {
        if (changes.since() == null) {
            return "No earlier run to compare with: every finding is new.";
        }
        StringBuilder line = new StringBuilder("Since run ").append(changes.since().runId()).append(" of ")
                .append(changes.since().startedAt().truncatedTo(ChronoUnit.SECONDS)).append(": ").append(changes.counts());
        if (!changes.accountsAdded().isEmpty()) {
            line.append("; accounts added: ").append(String.join(", ", changes.accountsAdded().stream()
                    .map(id -> label(report, id)).toList()));
        }
        if (!changes.accountsRemoved().isEmpty()) {
            line.append("; accounts removed from the registry: ").append(String.join(", ", changes.accountsRemoved()));
        }
        return line.append(".").toString();
    }

    /**
     * Compared with the previous run: the blocks (central policies, accounts) holding new drift first, new findings
     * marked NEW; then the blocks whose findings were all open before; then one line per finding a repair of this run
     * fixed (with the policy writes that did it) and one per finding that is gone without a repair.
     */
    private static List<String> byChange(Report report, Changes changes) {
        Set<String> fresh = new HashSet<>();
        changes.newDrift().forEach(f -> fresh.add(f.key()));
        Predicate<CheckResult> isNew = r -> fresh.contains(RunRecord.finding(r).key());
        CentralReport central = report.central();
        List<CheckResult> centralFindings = central.checks().stream().filter(r -> r.outcome() != Outcome.PASS).toList();
        List<String> fresher = new ArrayList<>();
        List<String> open = new ArrayList<>();
        boolean centralOpen = centralFindings.stream().anyMatch(EmailRenderer::open);
        if (centralOpen) {
            List<String> section = centralFindings.stream().anyMatch(isNew) ? fresher : open;
            section.add(centralBlock(central, isNew));
            section.addAll(policyChangeBlocks(central));
        }
        nonCompliant(report.accounts()).forEach(a -> {
            List<CheckResult> grants = central.about(a.accountId());
            List<CheckResult> all = java.util.stream.Stream.concat(a.checks().stream(), grants.stream()).toList();
            if (all.stream().anyMatch(EmailRenderer::open)) {
                (all.stream().anyMatch(isNew) ? fresher : open).add(accountBlock(a, grants, isNew));
            }
        });
        List<String> blocks = new ArrayList<>();
        if (!fresher.isEmpty()) {
            blocks.add("\nNEW DRIFT (" + changes.newDrift().size() + " new since the last run)\n");
            blocks.addAll(fresher);
        }
        if (!open.isEmpty()) {
            blocks.add("\nSTILL OPEN (" + changes.stillOpen().size() + " as in the last run)\n");
            blocks.addAll(open);
        }
        Map<String, CheckResult> now = new HashMap<>();
        report.accounts().forEach(a -> a.checks().forEach(r -> now.put(r.check().id() + "|" + a.accountId(), r)));
        central.checks().forEach(r -> now.putIfAbsent(r.check().id() + "|" + r.account(), r));
        if (!changes.repaired().isEmpty()) {
            blocks.add(oneLineEach("REPAIRED (fixed by this run)", changes.repaired(), report, now));
        }
        if (!centralOpen) {
            blocks.addAll(policyChangeBlocks(central));
        }
        if (!changes.resolved().isEmpty()) {
            blocks.add(oneLineEach("RESOLVED (passing now, not repaired by this run)", changes.resolved(), report, now));
        }
        return blocks;
    }

    private static boolean open(CheckResult result) {
        return result.outcome() == Outcome.FAIL || result.outcome() == Outcome.UNREACHABLE;
    }

    private static String oneLineEach(String title, List<Changes.Finding> findings, Report report, Map<String, CheckResult> now) {
        StringBuilder block = new StringBuilder("\n").append(title).append("\n");
        for (Changes.Finding f : findings) {
            CheckResult current = now.get(f.check() + "|" + f.account());
            block.append(String.format("  %-6s %s  %s%s%n", f.severity(), f.check(),
                    f.account() == null ? "central" : label(report, f.account()),
                    current == null ? "" : ": now " + current.actual()));
        }
        return block.toString();
    }

    private static String label(Report report, String accountId) {
        return report.accounts().stream().filter(a -> a.accountId().equals(accountId)).findFirst()
                .map(AccountReport::label).orElse(accountId);
    }

    /**
     * The central findings worst first: every one about the policies themselves (exposures, the key's state), and
     * of those about one member's grant at most {@link #CENTRAL_LINES}. When a policy fails every member, the block
     * would otherwise outgrow the email and be left out whole; each account's block names its own grants anyway.
     */
    /** What an event-driven run re-checks after: each call on a line, a few at most (the JSON report has them all). */
    private static String triggerLines(Trigger trigger) {
        StringBuilder lines = new StringBuilder("Re-checked after:\n");
        trigger.events().stream().limit(TRIGGER_LINES).forEach(e -> lines.append("  ").append(e.describe()).append("\n"));
        if (trigger.events().size() > TRIGGER_LINES) {
            lines.append("  ... and ").append(trigger.events().size() - TRIGGER_LINES).append(" more calls\n");
        }
        if (!trigger.ignored().isEmpty()) {
            lines.append("Left alone: ").append(trigger.ignored().size()).append(" calls (see the JSON report)\n");
        }
        return lines.toString();
    }

    /** The failed calls since the last report, each distinct attempt on a line ({@link FailedCalls} caps them). */
    private static String failedCallLines(FailedCalls failed) {
        StringBuilder lines = new StringBuilder("Failed calls on the watched trails and policies (they changed nothing): ")
                .append(failed.count()).append("\n");
        failed.attempts().forEach(a -> lines.append("  ").append(a.describe()).append("\n"));
        if (failed.notListed() > 0) {
            lines.append("  ... and ").append(failed.notListed()).append(" more distinct attempts (see the JSON report for the count)\n");
        }
        if (failed.problem() != null) {
            lines.append("  ").append(failed.problem()).append("\n");
        }
        return lines.toString();
    }

    private static String centralBlock(CentralReport central, Predicate<CheckResult> isNew) {
        StringBuilder block = new StringBuilder("\nCENTRAL ").append(central.status())
                .append(central.hardening() == Status.COMPLIANT ? "" : ", hardening " + central.hardening())
                .append("  bucket ").append(central.bucket()).append(", key ").append(central.keyArn())
                .append(central.eventBus() == null ? "" : ", event bus " + central.eventBus()).append("\n");
        int memberLines = 0;
        int leftOut = 0;
        for (CheckResult finding : central.checks().stream().filter(r -> r.outcome() != Outcome.PASS).sorted(WORST_FIRST).toList()) {
            if (finding.account() == null || memberLines++ < CENTRAL_LINES) {
                block.append(line(finding, true, isNew));
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
        change.cutOff().forEach(c -> block.append(c.allowed() ? "  cuts off " : "  would cut off ").append(c.account())
                .append(", last delivered ").append(c.lastDelivered())
                .append(c.allowed() ? " (TIGHTEN_ALLOWED_ACCOUNTS lets it go)\n" : " (not in TIGHTEN_ALLOWED_ACCOUNTS)\n"));
        return block.toString();
    }

    private static String accountBlock(AccountReport account, List<CheckResult> centralGrants, Predicate<CheckResult> isNew) {
        StringBuilder block = new StringBuilder("\n").append(account.status()).append("  ").append(account.label())
                .append("  ").append(account.trailArn()).append("\n");
        List<CheckResult> problems = account.checks().stream().filter(r -> r.outcome() != Outcome.PASS).toList();
        // An account can be unreachable through the central policies alone, with no problem of its own.
        if (!problems.isEmpty() && problems.stream().allMatch(r -> r.outcome() == Outcome.UNREACHABLE)
                && problems.stream().map(CheckResult::actual).distinct().count() == 1) {
            // Every check failed for the same reason: say it once.
            block.append(problems.stream().anyMatch(isNew) ? "  NEW could not look: " : "  could not look: ")
                    .append(problems.get(0).actual()).append("\n");
        } else {
            problems.stream().sorted(WORST_FIRST).forEach(r -> block.append(line(r, false, isNew)));
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

    /** One finding; a new one (since the last run) reads "NEW FAIL". */
    private static String line(CheckResult r, boolean withAccount, Predicate<CheckResult> isNew) {
        String subject = withAccount && r.account() != null ? " [" + r.account() + "]" : "";
        return String.format("  %-11s %-6s %s%s: expected %s; found %s%n",
                (isNew.test(r) ? "NEW " : "") + r.outcome(), r.severity(), r.check().id(), subject, r.expected(), r.actual());
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
