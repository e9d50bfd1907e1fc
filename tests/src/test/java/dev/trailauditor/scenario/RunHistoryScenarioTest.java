package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.Fault;
import dev.trailauditor.sim.SimBucket;
import dev.trailauditor.sim.SimTopic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Consecutive nightly runs through the real handler against the simulated fleet, each run's report kept in the
 * history bucket and compared with the one before: what is new, still open, repaired and resolved, and the email
 * in that order.
 */
class RunHistoryScenarioTest {
    private static final String AUDIT = "111111111111";

    private static List<SimTopic.Message> emails(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).snsTopic("eu-west-1", "trail-audit").messages();
    }

    private static List<String> findings(JsonNode report, String list) {
        List<String> findings = new ArrayList<>();
        report.at("/changes/" + list).forEach(f -> findings.add(f.get("check").asText() + " " + f.path("account").asText("central")));
        return findings;
    }

    /** The next run, an hour later (the fleet's trails delivered last at 02:50 and do not deliver again). */
    private static JsonNode next(ScenarioFleet scenario) {
        scenario.clock.advance(java.time.Duration.ofHours(1));
        return scenario.invoke();
    }

    /**
     * Run 1: prod stopped, staging delivering elsewhere, sandbox's prefix wrong (nothing to compare with). Run 2, trails
     * repaired: prod is started again by the run, staging's bucket and sandbox's prefix were fixed by a person before it,
     * sandbox's validation off, new, is repaired in the same run. Runs 3 and 4, audit mode: sandbox's validation off again
     * (new), then prod stopped again (new) beside it (still open).
     */
    @Test
    void consecutiveRunsSayWhatIsNewStillOpenRepairedAndResolvedInThatOrder() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv().withHistory("");
        scenario.trail("222222222222").stopLogging();
        scenario.trail("333333333333").bucket("someone-elses-bucket");
        scenario.trail("444444444444").prefix("org/old");

        JsonNode first = scenario.invoke();

        assertThat(first.at("/changes/since").isMissingNode()).isTrue();
        assertThat(findings(first, "new")).containsExactlyInAnyOrder("trail.logging 222222222222",
                "trail.bucket 333333333333", "trail.prefix 444444444444");
        assertThat(first.get("warnings")).singleElement().satisfies(w -> assertThat(w.asText())
                .startsWith("no previous report could be read at s3://" + ScenarioFleet.HISTORY_BUCKET + "/latest.json (AccessDenied"));
        assertThat(first.get("runFailed").asBoolean()).as("a missing previous report is a warning only").isFalse();
        String firstKey = "runs/2026/11/29/" + first.get("runId").asText() + ".json";
        assertThat(first.get("evidence").asText()).isEqualTo("s3://" + ScenarioFleet.HISTORY_BUCKET + "/" + firstKey);
        SimBucket history = scenario.historyBucket();
        assertThat(history.objects().keySet()).containsExactly("latest.json", firstKey);
        JsonNode kept = Json.MAPPER.readTree(history.object(firstKey).orElseThrow().text());
        assertThat(kept.get("runId")).isEqualTo(first.get("runId"));
        assertThat(kept.has("publication")).as("kept before it is sent").isFalse();
        assertThat(emails(scenario).get(0).body()).contains("No earlier run to compare with: every finding is new.")
                .contains("Warning: no previous report could be read");

        scenario.trail("333333333333").bucket("central-trail-logs");
        scenario.trail("444444444444").prefix("org").logValidation(false);
        scenario.env.put("TRAIL_MODE", "repair");
        JsonNode second = next(scenario);

        assertThat(second.at("/changes/since/runId").asText()).isEqualTo(first.get("runId").asText());
        assertThat(findings(second, "new")).as("drift that appeared and was repaired in the same run is repaired").isEmpty();
        assertThat(findings(second, "repaired")).containsExactlyInAnyOrder("trail.logging 222222222222",
                "trail.log-validation 444444444444");
        assertThat(findings(second, "resolved")).containsExactlyInAnyOrder("trail.bucket 333333333333",
                "trail.prefix 444444444444");
        assertThat(second.has("warnings")).isFalse();
        String email = emails(scenario).get(1).body();
        assertThat(email).contains("Since run " + first.get("runId").asText() + " of 2026-11-29T03:00:00Z: 0 new, 0 still open,"
                + " 2 repaired, 2 resolved.")
                .contains("REPAIRED (fixed by this run)\n  HIGH   trail.logging  prod (222222222222): now logging (was: stopped")
                .contains("RESOLVED (passing now, not repaired by this run)\n  HIGH   trail.bucket  staging (333333333333)");
        assertThat(ScenarioFleet.account(second, "444444444444").get("status").asText()).isEqualTo("REPAIRED");

        scenario.env.put("TRAIL_MODE", "audit");
        scenario.trail("444444444444").logValidation(false);
        JsonNode third = next(scenario);
        assertThat(findings(third, "new")).containsExactlyInAnyOrder("trail.log-validation 444444444444");

        scenario.trail("222222222222").stopLogging();
        JsonNode fourth = next(scenario);

        assertThat(findings(fourth, "new")).containsExactly("trail.logging 222222222222");
        assertThat(findings(fourth, "stillOpen")).containsExactly("trail.log-validation 444444444444");
        assertThat(findings(fourth, "repaired")).isEmpty();
        String fourthEmail = emails(scenario).get(3).body();
        int newDrift = fourthEmail.indexOf("NEW DRIFT (1 new since the last run)");
        int prod = fourthEmail.indexOf("DRIFTED  prod (222222222222)");
        int stillOpen = fourthEmail.indexOf("STILL OPEN (1 as in the last run)");
        int sandbox = fourthEmail.indexOf("DRIFTED  sandbox (444444444444)");
        assertThat(List.of(newDrift, prod, stillOpen, sandbox)).doesNotContain(-1).isSorted();
        assertThat(fourthEmail).contains("  NEW FAIL    HIGH   trail.logging: expected logging")
                .contains("  FAIL        MEDIUM trail.log-validation: expected true");
        assertThat(history.objects().keySet()).hasSize(5).contains("latest.json", "runs/2026/11/29/" + fourth.get("runId").asText() + ".json");
    }

    @Test
    void repairedAndResolvedFindingsAreOneLineEachAfterTheOpenOnes() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv().withHistory("audit");
        scenario.trail("222222222222").stopLogging();
        scenario.trail("333333333333").logValidation(false);
        scenario.trail("444444444444").prefix("org/old");
        scenario.invoke();

        // Sandbox fixed by hand; prod repaired by the run; staging's repair refused, so it stays open.
        scenario.trail("444444444444").prefix("org");
        scenario.env.put("TRAIL_MODE", "repair");
        scenario.fleet.inject("333333333333", "UpdateTrail", Fault.accessDenied());
        JsonNode second = next(scenario);

        assertThat(findings(second, "stillOpen")).containsExactly("trail.log-validation 333333333333");
        String email = emails(scenario).get(1).body();
        int open = email.indexOf("STILL OPEN (1 as in the last run)");
        int repaired = email.indexOf("REPAIRED (fixed by this run)\n  HIGH   trail.logging  prod (222222222222): now logging");
        int resolved = email.indexOf("RESOLVED (passing now, not repaired by this run)\n  MEDIUM trail.prefix  sandbox (444444444444): now org");
        assertThat(List.of(open, repaired, resolved)).doesNotContain(-1).isSorted();
        assertThat(email).doesNotContain("NEW DRIFT").doesNotContain("REPAIRED  prod (222222222222)");
        assertThat(scenario.historyBucket().objects().keySet()).allMatch(k -> k.startsWith("audit/"));
    }

    @Test
    void aHistoryThatCannotBeWrittenOrReadIsAWarningAndTheReportStillGoesOut() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv().withHistory("");
        scenario.historyBucket().object("latest.json", new SimBucket.SimObject("not json".getBytes(), "text/plain",
                ScenarioFleet.NOW));
        scenario.fleet.inject(AUDIT, "PutObject", Fault.accessDenied());
        scenario.env.put("PUBLISH_WHEN", "on-change");

        JsonNode report = scenario.invoke();

        assertThat(report.get("runFailed").asBoolean()).isFalse();
        assertThat(report.get("summary").asText()).isEqualTo("all 3 accounts compliant");
        assertThat(report.get("warnings")).extracting(JsonNode::asText).satisfiesExactly(
                w -> assertThat(w).startsWith("the previous report s3://" + ScenarioFleet.HISTORY_BUCKET + "/latest.json is not JSON"),
                w -> assertThat(w).startsWith("the report could not be kept at s3://" + ScenarioFleet.HISTORY_BUCKET + "/runs/2026/11/29/")
                        .contains("AccessDenied"));
        assertThat(report.has("evidence")).isFalse();
        assertThat(report.at("/publication/state").asText()).as("warnings are published whatever PUBLISH_WHEN says")
                .isEqualTo("SENT");
        assertThat(String.join("\n", scenario.log)).contains("\"runId\":\"" + report.get("runId").asText() + "\"");
    }

    @Test
    void onChangeSendsNothingForARunLikeTheLastButStillSaysSoInTheReport() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv().withHistory("");
        scenario.env.put("PUBLISH_WHEN", "on-change");
        scenario.trail("222222222222").stopLogging();
        scenario.invoke();

        JsonNode second = next(scenario);

        assertThat(emails(scenario)).hasSize(1);
        assertThat(second.at("/publication/state").asText()).isEqualTo("SKIPPED");
        assertThat(second.at("/publication/skipped").asText()).startsWith("PUBLISH_WHEN=on-change: nothing changed since run ");
        assertThat(findings(second, "stillOpen")).containsExactly("trail.logging 222222222222");

        scenario.trail("333333333333").stopLogging();
        next(scenario);
        SimTopic.Message third = emails(scenario).get(1);
        assertThat(third.body()).contains("NEW DRIFT (1 new since the last run)");
        JsonNode summary = Json.MAPPER.readTree(third.deliveredTo("sqs"));
        assertThat(summary.get("verdict").asText()).isEqualTo("DRIFTED");
        assertThat(summary.at("/changes/new").asInt()).isEqualTo(1);
        assertThat(summary.at("/changes/stillOpen").asInt()).isEqualTo(1);
        assertThat(summary.get("evidence").asText()).startsWith("s3://" + ScenarioFleet.HISTORY_BUCKET + "/runs/2026/11/29/");
        assertThat(third.attributes().get("verdict")).isEqualTo(new SimTopic.Attribute("String", "DRIFTED"));
        assertThat(third.attributes().get("new")).isEqualTo(new SimTopic.Attribute("Number", "1"));
    }

    /** A targeted re-check compares only what it looked at, and leaves the other accounts in latest.json as last seen. */
    @Test
    void aTargetedReCheckKeepsTheOtherAccountsForTheNextRun() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv().withHistory("");
        scenario.trail("222222222222").stopLogging();
        scenario.trail("333333333333").logValidation(false);
        scenario.invoke();

        scenario.clock.advance(java.time.Duration.ofMinutes(5));
        JsonNode recheck = scenario.invoke("events/recheck-accounts.json");

        assertThat(recheck.get("accounts")).hasSize(1);
        assertThat(findings(recheck, "stillOpen")).containsExactly("trail.logging 222222222222");
        assertThat(findings(recheck, "resolved")).as("staging was not looked at").isEmpty();
        JsonNode latest = Json.MAPPER.readTree(scenario.historyBucket().object("latest.json").orElseThrow().text());
        assertThat(latest.at("/carriedOver/accounts")).extracting(JsonNode::asText)
                .containsExactly("333333333333", "444444444444");

        JsonNode full = next(scenario);

        assertThat(findings(full, "stillOpen")).containsExactlyInAnyOrder("trail.logging 222222222222",
                "trail.log-validation 333333333333");
        assertThat(findings(full, "new")).isEmpty();
        assertThat(full.at("/changes/accountsAdded")).isEmpty();
    }
}
