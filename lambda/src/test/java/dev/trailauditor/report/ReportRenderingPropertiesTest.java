package dev.trailauditor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.check.Check;
import dev.trailauditor.check.CheckResult;
import dev.trailauditor.check.Outcome;
import dev.trailauditor.config.Member;
import dev.trailauditor.repair.PolicyChange;
import dev.trailauditor.repair.TrailStep;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Any report the pipeline can build renders: the email (subject and body), the terminal text, the
 * log lines and the outcome line, without an exception and within SNS's limits. Reports are drawn
 * from fixed seeds, with every outcome, status, step and change state, empty lists, and odd text.
 */
class ReportRenderingPropertiesTest {
    private static final int CASES = 300;
    private static final Instant START = Instant.parse("2026-11-29T03:00:00Z");
    private static final String[] TEXT = {"", "x", "no trail named 'org-trail' in any region", "ünïcödé ✓", "line\nbreak",
            "\uD800 unpaired", "tab\there", "a".repeat(3_000), null};

    @Test
    void everyReportRendersEverywhereWithinLimits() {
        for (int seed = 0; seed < CASES; seed++) {
            Report report = randomReport(new Random(seed));
            String as = "seed " + seed;

            EmailRenderer email = new EmailRenderer();
            String subject = email.subject(report);
            String body = email.body(report);
            String terminal = EmailRenderer.forTerminal().body(report);

            assertThat(subject).as(as).matches("[\\x20-\\x7E]{1,99}");
            assertThat(body.getBytes(StandardCharsets.UTF_8).length).as(as).isLessThanOrEqualTo(EmailRenderer.DEFAULT_BUDGET_BYTES);
            assertThat(body).as(as).contains(report.runId()).contains(report.summary());
            assertThat(terminal).as(as).contains("--json");
            for (AccountReport account : report.accounts()) {
                if (account.status() != Status.COMPLIANT && body.contains("sections left out") == false) {
                    assertThat(body).as(as + ": every account that needs a look is in the email").contains(account.accountId());
                }
            }
            List<String> lines = ReportLog.lines(report);
            assertThat(lines).as(as).hasSize(2 + report.accounts().size());
            assertLinesAreTheReportCutApart(report, lines, as);
            JsonNode outcome = readTree(RunOutcome.line(report, "trail-auditor", Duration.ofSeconds(1)));
            assertThat(outcome.get("RunFailed").asInt()).as(as).isEqualTo(report.runFailed() ? 1 : 0);
            assertThat(outcome.get("RunCompleted").asInt()).as(as).isEqualTo(report.runFailed() ? 0 : 1);
            assertThat(outcome.get("AccountsAudited").asInt()).as(as).isEqualTo(report.accounts().size());
        }
    }

    /** Put back together, the log lines are the report as JSON: nothing lost, nothing reworded. */
    private static void assertLinesAreTheReportCutApart(Report report, List<String> lines, String as) {
        com.fasterxml.jackson.databind.node.ObjectNode whole = Json.MAPPER.valueToTree(report);
        String runId = report.runId();
        com.fasterxml.jackson.databind.node.ObjectNode run = whole.deepCopy();
        run.remove("central");
        run.remove("accounts");
        assertThat(readTree(lines.get(0))).as(as + ": the run line").isEqualTo(run);

        JsonNode centralLine = readTree(lines.get(1));
        assertThat(centralLine.get("runId").asText()).as(as).isEqualTo(runId);
        com.fasterxml.jackson.databind.node.ArrayNode ownChecks = Json.MAPPER.createArrayNode();
        whole.at("/central/checks").forEach(check -> {
            if (!check.hasNonNull("account")) {
                ownChecks.add(check);
            }
        });
        com.fasterxml.jackson.databind.node.ObjectNode central = ((com.fasterxml.jackson.databind.node.ObjectNode) whole.get("central")).deepCopy();
        central.set("checks", ownChecks);
        assertThat(centralLine.get("central")).as(as + ": the central line").isEqualTo(central);

        for (int i = 0; i < report.accounts().size(); i++) {
            JsonNode line = readTree(lines.get(2 + i));
            JsonNode account = whole.get("accounts").get(i);
            assertThat(line.get("runId").asText()).as(as).isEqualTo(runId);
            assertThat(line.get("account")).as(as + ": account line " + i).isEqualTo(account);
            com.fasterxml.jackson.databind.node.ArrayNode about = Json.MAPPER.createArrayNode();
            whole.at("/central/checks").forEach(check -> {
                if (check.path("account").asText().equals(account.get("accountId").asText())) {
                    about.add(check);
                }
            });
            assertThat(line.get("centralChecks")).as(as + ": central checks of account line " + i).isEqualTo(about);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Report randomReport(Random random) {
        List<AccountReport> accounts = new ArrayList<>();
        List<CheckResult> central = new ArrayList<>();
        int members = random.nextInt(6);
        for (int i = 0; i < members; i++) {
            String id = String.format("%012d", 200_000_000_000L + i);
            // A third of the accounts are healthy themselves: their status then comes from the central grants alone.
            boolean healthy = random.nextInt(3) == 0;
            List<CheckResult> checks = new ArrayList<>();
            for (Check check : Check.values()) {
                if (check.scope() == Check.Scope.MEMBER && random.nextInt(3) > 0) {
                    checks.add(healthy ? CheckResult.pass(check, id, pick(random), pick(random)) : result(random, check, id));
                }
            }
            List<CheckResult> grants = new ArrayList<>();
            for (Check check : List.of(Check.BUCKET_ACL_CHECK, Check.BUCKET_WRITE, Check.KEY_ENCRYPT, Check.KEY_DECRYPT)) {
                if (random.nextBoolean()) {
                    grants.add(result(random, check, id));
                }
            }
            central.addAll(grants);
            Member member = Member.of("aws", id, Optional.ofNullable(random.nextBoolean() ? pick(random) : null), "org-trail",
                    "eu-west-1", "TrailAuditorMemberRole", false);
            accounts.add(AccountReport.of(member, checks, grants, steps(random), random.nextBoolean() ? null : pick(random)));
        }
        for (Check check : List.of(Check.BUCKET_EXISTS, Check.KEY_DESCRIBE, Check.KEY_USABLE, Check.STALE_GRANT)) {
            if (random.nextBoolean()) {
                central.add(result(random, check, null));
            }
        }
        List<PolicyChange> changes = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            changes.add(change(random));
        }
        Report report = Report.of("run-" + random.nextInt(1000), pick(random) == null ? "audit" : "repair", START,
                START.plusSeconds(random.nextInt(900)), CentralReport.of("central-trail-logs",
                        "arn:aws:kms:eu-west-1:111111111111:key/k", central, changes), accounts);
        Publication.State state = Publication.State.values()[random.nextInt(Publication.State.values().length)];
        return random.nextBoolean() ? report
                : report.withPublication(new Publication(state, "arn:aws:sns:eu-west-1:111111111111:t", "s", null, pick(random)));
    }

    private static CheckResult result(Random random, Check check, String account) {
        Outcome outcome = Outcome.values()[random.nextInt(Outcome.values().length)];
        return new CheckResult(check, account, outcome, pick(random), pick(random));
    }

    private static List<TrailStep> steps(Random random) {
        List<TrailStep> steps = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            Map<String, TrailStep.Change> changes = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                changes.put("S3BucketName", new TrailStep.Change(pick(random), pick(random)));
            }
            TrailStep.State state = TrailStep.State.values()[random.nextInt(TrailStep.State.values().length)];
            steps.add(new TrailStep(random.nextBoolean() ? "UpdateTrail" : "StartLogging",
                    "arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail", "eu-west-1", changes, List.of("trail.bucket"), state,
                    random.nextBoolean() ? null : pick(random), null));
        }
        return steps;
    }

    private static PolicyChange change(Random random) {
        PolicyChange.State state = PolicyChange.State.values()[random.nextInt(PolicyChange.State.values().length)];
        JsonNode statement = Json.MAPPER.createObjectNode().put("Sid", String.valueOf(pick(random)));
        boolean sized = random.nextBoolean();
        return new PolicyChange(random.nextBoolean() ? "bucket policy" : "key policy", "central-trail-logs", state,
                sized ? "PER_MEMBER" : null, random.nextInt(20_000), random.nextInt(20_000), 20_480, random.nextInt(20_480),
                random.nextBoolean() ? List.of(statement) : List.of(),
                random.nextBoolean() ? List.of(new PolicyChange.Replacement(statement, statement)) : List.of(),
                random.nextBoolean() ? List.of(statement) : List.of(),
                random.nextBoolean() ? List.of(String.valueOf(pick(random))) : List.of(),
                random.nextBoolean() ? List.of(String.valueOf(pick(random))) : List.of(),
                pick(random), pick(random), pick(random), pick(random),
                random.nextBoolean() ? List.of(new dev.trailauditor.repair.CutOff("555555555555",
                        java.time.Instant.parse("2026-11-29T02:50:00Z"), random.nextBoolean())) : List.of());
    }

    private static String pick(Random random) {
        return TEXT[random.nextInt(TEXT.length)];
    }
}
