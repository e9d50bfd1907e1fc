package dev.trailauditor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.check.Check;
import dev.trailauditor.check.CheckResult;
import dev.trailauditor.config.Member;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmailRendererTest {
    private static final Instant START = Instant.parse("2026-11-29T03:00:00Z");
    private final EmailRenderer renderer = new EmailRenderer();

    private static AccountReport account(String id, String name, CheckResult... results) {
        Member member = Member.of("aws", id, Optional.ofNullable(name), "org-trail", "eu-west-1", "TrailAuditorMemberRole", false);
        return AccountReport.of(member, List.of(results), List.of(), List.of(), null);
    }

    private static CheckResult pass(Check check, String account) {
        return CheckResult.pass(check, account, "x", "x");
    }

    private static CentralReport central(CheckResult... results) {
        return CentralReport.of("central-trail-logs", "arn:aws:kms:eu-west-1:111111111111:key/k", List.of(results), List.of());
    }

    private static Report report(CentralReport central, List<AccountReport> accounts) {
        return Report.of("run-1", "audit", START, START.plusSeconds(4), central, accounts);
    }

    @Test
    void compliantFleetSaysSoInSubjectAndBody() {
        Report report = report(central(pass(Check.KEY_USABLE, null)),
                List.of(account("222222222222", "prod", pass(Check.TRAIL_LOGGING, "222222222222"))));

        assertThat(renderer.subject(report)).isEqualTo("Trail audit: all 1 account compliant");
        assertThat(renderer.body(report)).contains("COMPLIANT  prod (222222222222)")
                .doesNotContain("FAIL").contains("Checks: 2 passed, 0 failed");
    }

    @Test
    void worstFirstOneLinePerFindingWithExpectedAndActual() {
        Report report = report(
                central(CheckResult.fail(Check.BUCKET_WRITE, "333333333333", "PutObject granted", "no statement grants it")),
                List.of(
                        account("222222222222", "prod", pass(Check.TRAIL_LOGGING, "222222222222")),
                        account("333333333333", "staging",
                                CheckResult.fail(Check.TRAIL_LOG_VALIDATION, "333333333333", "true", "false"),
                                CheckResult.fail(Check.TRAIL_LOGGING, "333333333333", "logging", "stopped")),
                        account("444444444444", null,
                                CheckResult.unreachable(Check.TRAIL_EXISTS, "444444444444", "trail", "cannot assume the member role: AccessDenied"),
                                CheckResult.unreachable(Check.TRAIL_LOGGING, "444444444444", "logging", "cannot assume the member role: AccessDenied"))));

        assertThat(renderer.subject(report))
                .isEqualTo("Trail audit: 1 of 3 accounts drifted, 1 unreachable, central policies drifted");
        String body = renderer.body(report);
        int central = body.indexOf("CENTRAL DRIFTED");
        int unreachable = body.indexOf("UNREACHABLE  444444444444");
        int drifted = body.indexOf("DRIFTED  staging (333333333333)");
        int compliant = body.indexOf("COMPLIANT  prod (222222222222)");
        assertThat(List.of(central, unreachable, drifted, compliant)).allSatisfy(i -> assertThat(i).isNotNegative());
        assertThat(central).isLessThan(unreachable);
        assertThat(unreachable).isLessThan(drifted);
        assertThat(drifted).isLessThan(compliant);
        assertThat(body).contains("could not look: cannot assume the member role: AccessDenied")
                .contains("bucket-policy.write [333333333333]: expected PutObject granted; found no statement grants it");
        // HIGH before MEDIUM inside an account.
        assertThat(body.indexOf("trail.logging: expected logging; found stopped"))
                .isLessThan(body.indexOf("trail.log-validation: expected true; found false"));
    }

    @Test
    void eachFailedControlSaysOnceWhatIsAtRiskAndWhatToDo() {
        Report report = report(central(pass(Check.KEY_USABLE, null)), List.of(
                account("222222222222", "prod", CheckResult.fail(Check.TRAIL_LOGGING, "222222222222", "logging", "stopped")),
                account("333333333333", "staging", CheckResult.fail(Check.TRAIL_LOGGING, "333333333333", "logging", "stopped"),
                        CheckResult.unreachable(Check.TRAIL_DELIVERY, "333333333333", "delivered", "throttled"))));

        String body = renderer.body(report);
        String todo = body.substring(body.indexOf("\nWHAT TO DO\n"));
        assertThat(todo).contains("  trail.logging: " + Check.TRAIL_LOGGING.risk() + " " + Check.TRAIL_LOGGING.remediation());
        assertThat(todo.split("trail\\.logging:", -1)).as("once, however many accounts fail it").hasSize(2);
        assertThat(todo).as("an account that could not be looked at has nothing to remedy yet").doesNotContain("trail.delivery");
        assertThat(renderer.body(report(central(pass(Check.KEY_USABLE, null)),
                List.of(account("222222222222", "prod", pass(Check.TRAIL_LOGGING, "222222222222"))))))
                .doesNotContain("WHAT TO DO");
    }

    @Test
    void aRepairStepNamesTheControlsItFixes() {
        Member member = Member.of("aws", "222222222222", Optional.of("prod"), "org-trail", "eu-west-1", "R", false);
        var step = new dev.trailauditor.repair.TrailStep("UpdateTrail", "arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail",
                "eu-west-1", java.util.Map.of("S3BucketName", new dev.trailauditor.repair.TrailStep.Change("other", "central")),
                List.of("trail.bucket"), dev.trailauditor.repair.TrailStep.State.PLANNED, null, null);
        AccountReport account = AccountReport.of(member,
                List.of(CheckResult.fail(Check.TRAIL_BUCKET, "222222222222", "central", "other")), List.of(), List.of(step), null);

        assertThat(renderer.body(report(central(pass(Check.KEY_USABLE, null)), List.of(account))))
                .contains("  PLANNED     UpdateTrail S3BucketName other -> central (fixes trail.bucket)");
    }

    @Test
    void hundredsOfDriftedAccountsStayUnderTheSnsLimit() {
        List<AccountReport> accounts = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            String id = String.format("%012d", 200000000000L + i);
            List<CheckResult> results = new ArrayList<>();
            for (Check check : Check.values()) {
                if (check.scope() == Check.Scope.MEMBER) {
                    results.add(CheckResult.fail(check, id, "expected-value-" + "e".repeat(60), "actual-value-" + "a".repeat(60)));
                }
            }
            accounts.add(account(id, "account-" + i, results.toArray(CheckResult[]::new)));
        }
        Report report = report(central(pass(Check.KEY_USABLE, null)), accounts);

        String subject = renderer.subject(report);
        String body = renderer.body(report);

        assertThat(subject).hasSizeLessThan(100).isEqualTo("Trail audit: 900 of 900 accounts drifted");
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(EmailRenderer.DEFAULT_BUDGET_BYTES);
        assertThat(body).contains("more sections left out to fit the email")
                .contains("Checks: 1 passed, " + results(accounts) + " failed");
    }

    private static int results(List<AccountReport> accounts) {
        return accounts.stream().mapToInt(a -> a.checks().size()).sum();
    }

    /** A bucket policy that fails all of 5,000 members: the CENTRAL block still fits, keeps the exposure, says how many more. */
    @Test
    void aCentralPolicyFailingEveryMemberKeepsItsBlockShortAndFirst() {
        List<CheckResult> grants = new ArrayList<>();
        grants.add(CheckResult.fail(Check.BUCKET_EXPOSURE, null, "no exposure", "anyone may read the logs"));
        for (int i = 0; i < 5_000; i++) {
            grants.add(CheckResult.fail(Check.BUCKET_WRITE, String.format("%012d", 200000000000L + i), "PutObject granted",
                    "no statement grants it, " + "x".repeat(80)));
        }
        Report report = report(central(grants.toArray(CheckResult[]::new)), List.of());

        String body = renderer.body(report);

        assertThat(body).doesNotContain("sections left out");
        String block = body.substring(body.indexOf("CENTRAL "));
        assertThat(block.lines().filter(line -> line.contains("PutObject granted")).count())
                .isEqualTo(EmailRenderer.CENTRAL_LINES);
        assertThat(block).as("a finding about the policy itself is never cut").contains("anyone may read the logs")
                .contains("... and 4950 more members' grant findings, each under its account below and in the JSON report");
    }

    @Test
    void longSubjectIsCutUnder100AsciiCharacters() {
        Report report = new Report("r", "audit", START, START, "x".repeat(150) + "é", true, false,
                new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0), central(), List.of(), null, List.of(), null, Publication.PENDING, null, null);

        String subject = renderer.subject(report);

        assertThat(subject).hasSize(99).startsWith("Trail audit FAILED: ").endsWith("...").matches("[\\x20-\\x7E]+");
    }
    @Test
    void aFailureFromAnExceptionOfAnySizeFitsTheSubjectAndTheEmail() {
        RunFailure failure = RunFailure.exception("run-9", new IllegalStateException("first line\nsecond ✓ " + "x".repeat(300_000)), START);
        EmailRenderer small = new EmailRenderer(2_000);

        String subject = small.subject(failure);
        String body = small.body(failure);

        assertThat(subject).startsWith("Trail audit FAILED: java.lang.IllegalStateException: first line?second ?")
                .hasSize(99).matches("[\\x20-\\x7E]+");
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2_000);
        assertThat(body).contains("Run run-9").contains("broke off").endsWith("the function's log has it all.\n");
    }

    @Test
    void aConfigurationFailureSaysNothingWasAuditedAndListsEveryProblem() {
        RunFailure failure = RunFailure.configuration("run-8", "Invalid configuration:\n  - A is bad\n  - B is bad", START);

        assertThat(renderer.subject(failure)).isEqualTo("Trail audit FAILED: configuration");
        assertThat(renderer.body(failure)).contains("no account was audited").contains("  - A is bad\n  - B is bad")
                .contains("Run run-8").doesNotContain("stack trace");
    }

    /** Compared with the previous run: new drift first, marked NEW, then what was open already, then repaired and resolved. */
    @Test
    void withChangesNewDriftLeadsThenStillOpenThenOneLineEachForRepairedAndResolved() {
        CheckResult exposure = new CheckResult(Check.BUCKET_EXPOSURE, null, dev.trailauditor.check.Outcome.FAIL,
                "only CloudTrail", "statement 'Open' (#2): an anonymous caller writes (members 222222222222)",
                dev.trailauditor.check.Severity.CRITICAL);
        CheckResult stopped = CheckResult.fail(Check.TRAIL_LOGGING, "333333333333", "logging", "stopped");
        CheckResult repaired = new CheckResult(Check.TRAIL_PREFIX, "222222222222", dev.trailauditor.check.Outcome.REPAIRED,
                "org", "org (was: old)");
        Report report = report(central(exposure), List.of(account("222222222222", "prod", repaired),
                account("333333333333", "staging", stopped), account("444444444444", "sandbox", pass(Check.TRAIL_BUCKET, "444444444444"))));
        Changes changes = new Changes(new Changes.Since("run-0", START.minusSeconds(3600)),
                List.of(RunRecord.finding(exposure)), List.of(RunRecord.finding(stopped)), List.of(RunRecord.finding(repaired)),
                List.of(new Changes.Finding("trail.bucket", "444444444444", null, "HIGH", "FAIL")), List.of(), List.of("555555555555"));

        String body = renderer.body(report.withChanges(changes, List.of("a warning")));

        assertThat(body).contains("Since run run-0 of 2026-11-29T02:00:00Z: 1 new, 1 still open, 1 repaired, 1 resolved;"
                + " accounts removed from the registry: 555555555555.\nWarning: a warning\n");
        List<Integer> order = List.of(body.indexOf("NEW DRIFT (1 new since the last run)"), body.indexOf("CENTRAL DRIFTED"),
                body.indexOf("  NEW FAIL    CRITICAL bucket-policy.exposure"), body.indexOf("STILL OPEN (1 as in the last run)"),
                body.indexOf("DRIFTED  staging (333333333333)"), body.indexOf("  FAIL        HIGH   trail.logging"),
                body.indexOf("REPAIRED (fixed by this run)\n  MEDIUM trail.prefix  prod (222222222222): now org (was: old)"),
                body.indexOf("RESOLVED (passing now, not repaired by this run)\n  HIGH   trail.bucket  sandbox (444444444444): now x"),
                body.indexOf("COMPLIANT  sandbox (444444444444)"));
        assertThat(order).doesNotContain(-1).isSorted();
        assertThat(body).as("a repaired account is one line, not a block").doesNotContain("REPAIRED  prod (222222222222)");
    }
}
