package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.Fault;
import dev.trailauditor.sim.GrantingPolicies;
import dev.trailauditor.sim.SimBucket;
import dev.trailauditor.sim.SimKey;
import dev.trailauditor.sim.SimTopic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The faults a real audit account throws at the auditor, through the real handler: what is
 * reported, what is written (nothing, towards a dead destination), and that the report reaches the
 * log every time.
 */
class FaultInjectionScenarioTest {
    private static final String AUDIT = "111111111111";
    private static final String BUCKET = "central-trail-logs";
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111111111111:key/" + KEY_ID;

    private static SimBucket bucket(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).bucket(BUCKET);
    }

    private static SimKey key(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).kmsKey("eu-west-1", KEY_ID);
    }

    private static ScenarioFleet repairing(ScenarioFleet scenario) {
        scenario.env.put("CENTRAL_POLICY_MODE", "repair");
        scenario.env.put("TRAIL_MODE", "repair");
        return scenario;
    }

    private static List<SimTopic.Message> emails(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).snsTopic("eu-west-1", "trail-audit").messages();
    }

    /** The report's run line, its central line and one line per account are logged, then the outcome. */
    private static void assertLogged(ScenarioFleet scenario, JsonNode report) {
        int accounts = report.get("accounts").size();
        assertThat(scenario.log).hasSize(1 + 1 + accounts + 1);
        assertThat(scenario.log).allSatisfy(line ->
                assertThat(Json.MAPPER.readTree(line).get("runId")).isEqualTo(report.get("runId")));
    }

    private static List<String> steps(JsonNode report, String accountId, String state) {
        return StreamSupport.stream(ScenarioFleet.account(report, accountId).get("repairs").spliterator(), false)
                .filter(step -> step.get("state").asText().equals(state)).map(step -> step.get("call").asText()).toList();
    }

    // --- 1. the central policies cannot be read: the email must still go out ---

    @ParameterizedTest
    @ValueSource(strings = {"access denied", "unparseable", "bucket deleted"})
    void centralPolicyThatCannotBeReadStillGivesAReportAnEmailAndALog(String fault) {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        switch (fault) {
            case "access denied" -> scenario.fleet.inject(AUDIT, "GetBucketPolicy", Fault.accessDenied());
            case "unparseable" -> bucket(scenario).policy("{\"Statement\": [ this is not json");
            default -> scenario.fleet.account(AUDIT).deleteBucket(BUCKET);
        }

        JsonNode report = scenario.invoke();

        assertThat(report.at("/publication/state").asText()).isEqualTo("SENT");
        assertThat(report.get("runFailed").asBoolean()).isFalse();
        String body = emails(scenario).get(0).body();
        assertThat(body).contains("prod (222222222222)").contains("staging (333333333333)").contains("sandbox (444444444444)");
        if (fault.equals("bucket deleted")) {
            assertThat(ScenarioFleet.findings(report)).contains("central bucket.exists FAIL",
                    "222222222222 bucket-policy.write FAIL");
            assertThat(body).contains("central grants not in place: bucket-policy.acl-check, bucket-policy.write");
        } else {
            assertThat(report.get("accounts")).allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("UNREACHABLE"));
            assertThat(ScenarioFleet.account(report, "222222222222").get("checks"))
                    .allSatisfy(c -> assertThat(c.get("outcome").asText()).as("the trail itself is fine").isEqualTo("PASS"));
            assertThat(body).contains("central grants could not be checked: bucket-policy.acl-check, bucket-policy.write");
        }
        assertLogged(scenario, report);
    }

    // --- 2. a dead destination: nothing is pointed at it ---

    @ParameterizedTest
    @ValueSource(strings = {"pending deletion", "disabled"})
    void aKeyThatIsGoingOrOffIsNeitherRepairedNorUsedByTrails(String state) {
        ScenarioFleet scenario = repairing(ScenarioFleet.fromEventsEnv());
        scenario.env.put("CREATE_MISSING_TRAILS", "true");
        if (state.equals("disabled")) {
            key(scenario).disable();
        } else {
            key(scenario).scheduleDeletion(Instant.parse("2026-12-06T03:00:00Z"));
        }
        // The key policy lost sandbox's grant, staging's trail encrypts with its own key, prod has no trail.
        key(scenario).policy(GrantingPolicies.key(AUDIT, List.of(
                "arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail",
                "arn:aws:cloudtrail:eu-west-1:333333333333:trail/org-trail")));
        scenario.trail("333333333333").kmsKey("arn:aws:kms:eu-west-1:333333333333:key/local");
        scenario.fleet.account("222222222222").deleteTrail("org-trail", "eu-west-1");

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).as("nothing written towards a dead key").isEmpty();
        assertThat(ScenarioFleet.findings(report)).contains("central key.usable FAIL",
                "333333333333 trail.kms-key FAIL", "222222222222 trail.exists FAIL", "444444444444 key-policy.encrypt FAIL");
        JsonNode keyChange = ScenarioFleet.find(report, "/central/changes", "policy", "key policy");
        assertThat(keyChange.get("state").asText()).isEqualTo("HELD");
        assertThat(keyChange.get("reason").asText()).contains(state.equals("disabled") ? "Disabled" : "PendingDeletion");
        assertThat(steps(report, "333333333333", "HELD")).containsExactly("UpdateTrail");
        assertThat(steps(report, "222222222222", "HELD")).containsExactly("CreateTrail", "StartLogging");
        assertThat(ScenarioFleet.account(report, "333333333333").at("/repairs/0/error").asText())
                .startsWith("held: the central key " + (state.equals("disabled") ? "Disabled" : "PendingDeletion"));
        assertThat(emails(scenario).get(0).body()).contains("HELD");
        assertLogged(scenario, report);
    }

    @Test
    void aDeletedBucketIsNeverGivenATrail() {
        ScenarioFleet scenario = repairing(ScenarioFleet.fromEventsEnv());
        scenario.trail("333333333333").bucket("someone-elses-bucket");
        scenario.trail("222222222222").stopLogging();
        scenario.fleet.account(AUDIT).deleteBucket(BUCKET);

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).isEmpty();
        assertThat(steps(report, "333333333333", "HELD")).containsExactly("UpdateTrail");
        assertThat(steps(report, "222222222222", "HELD")).containsExactly("StartLogging");
        assertThat(ScenarioFleet.account(report, "222222222222").at("/repairs/0/error").asText())
                .contains("the central bucket 'central-trail-logs' does not exist");
        assertLogged(scenario, report);
    }

    @Test
    void theDryRunSaysWhatWouldBeHeld() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        key(scenario).scheduleDeletion(Instant.parse("2026-12-06T03:00:00Z"));
        scenario.trail("222222222222").stopLogging();

        JsonNode report = scenario.invoke();

        assertThat(steps(report, "222222222222", "HELD")).containsExactly("StartLogging");
        assertThat(scenario.writes()).isEmpty();
    }

    // --- 3. the report is out before anything can hang ---

    @Test
    void theReportIsLoggedBeforeThePublishIsTried() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        List<Integer> loggedAtPublish = new ArrayList<>();
        scenario.fleet.inject(AUDIT, "Publish", Fault.before(() -> loggedAtPublish.add(scenario.log.size())));

        JsonNode report = scenario.invoke();

        assertThat(loggedAtPublish).as("run, central and 3 account lines before the publish").containsExactly(5);
        assertLogged(scenario, report);
    }

    @Test
    void aHungMemberIsCutOffAtTheDeadlineAndTheRestIsReported() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.fleet.inject("333333333333", "GetTrail", Fault.delay(Duration.ofSeconds(30)));
        long started = System.nanoTime();

        // One second of budget after the time kept back for the report.
        JsonNode report = scenario.invokeWithBudget(Duration.ofSeconds(1));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(ScenarioFleet.account(report, "333333333333").at("/checks/0/actual").asText()).startsWith("timed out");
        assertThat(ScenarioFleet.account(report, "222222222222").get("status").asText()).isEqualTo("COMPLIANT");
        assertThat(report.at("/publication/state").asText()).isEqualTo("SENT");
        assertLogged(scenario, report);
    }

    // --- 4. no central write after the deadline ---

    @Test
    void centralWritesDoNotStartOnceTheBudgetIsSpent() {
        ScenarioFleet scenario = repairing(ScenarioFleet.fromEventsEnv());
        bucket(scenario).policy(GrantingPolicies.bucket(BUCKET, "org",
                List.of("arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail")));

        JsonNode report = scenario.invokeWithTimeLeft(30_000); // less than the time kept back for the report

        assertThat(scenario.writes()).isEmpty();
        JsonNode bucketChange = ScenarioFleet.find(report, "/central/changes", "policy", "bucket policy");
        assertThat(bucketChange.get("state").asText()).isEqualTo("SKIPPED");
        assertThat(bucketChange.get("reason").asText()).contains("time budget ran out");
        assertLogged(scenario, report);
    }

    // --- 5. a trail homed elsewhere is found there, never created again ---

    @Test
    void aSingleRegionTrailHomedElsewhereIsAuditedWhereItIsAndNotCreatedTwice() {
        ScenarioFleet scenario = stagingHomedInUsEast2(false);

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).as("no CreateTrail: the trail exists, in us-east-2")
                .doesNotContain("333333333333 CreateTrail");
        assertThat(ScenarioFleet.findings(report)).filteredOn(f -> f.startsWith("333333333333"))
                .contains("333333333333 trail.home-region FAIL").doesNotContain("333333333333 trail.exists FAIL");
        JsonNode account = ScenarioFleet.account(report, "333333333333");
        assertThat(account.at("/checks/0/actual").asText()).isEqualTo("arn:aws:cloudtrail:us-east-2:333333333333:trail/org-trail");
        assertThat(account.at("/checks/1/actual").asText()).startsWith("homed in us-east-2")
                .contains("\"homeRegion\": \"us-east-2\"");
        assertThat(account.get("repairs")).allSatisfy(step -> assertThat(step.get("region").asText()).isEqualTo("us-east-2"));
        assertThat(scenario.fleet.calls()).filteredOn(c -> c.accountId().equals("333333333333") && c.operation().equals("UpdateTrail"))
                .allSatisfy(c -> assertThat(c.region()).isEqualTo("us-east-2"));
        assertLogged(scenario, report);
    }

    @Test
    void aTrailFoundThroughListTrailsIsReadOnceWhereItLives() {
        ScenarioFleet scenario = stagingHomedInUsEast2(false);
        scenario.env.put("TRAIL_MODE", "audit");

        scenario.invoke();

        assertThat(scenario.fleet.calls()).filteredOn(c -> c.accountId().equals("333333333333"))
                .extracting(c -> c.operation() + " " + c.region())
                .containsExactly("AssumeRole us-east-1", "GetTrail eu-west-1", "ListTrails eu-west-1", "GetTrail us-east-2",
                        "GetTrailStatus us-east-2", "GetEventSelectors us-east-2");
    }

    @Test
    void aMultiRegionTrailHomedElsewhereIsReadInItsHomeAndOnlyTheRegionIsReported() {
        ScenarioFleet scenario = stagingHomedInUsEast2(true);

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).filteredOn(f -> f.startsWith("333333333333"))
                .containsExactly("333333333333 trail.home-region FAIL");
        assertThat(scenario.writes()).isEmpty();
        assertThat(scenario.fleet.calls()).filteredOn(c -> c.accountId().equals("333333333333")
                        && c.operation().equals("GetTrailStatus"))
                .singleElement().satisfies(c -> assertThat(c.region()).isEqualTo("us-east-2"));
    }

    /** Staging's trail is not in its registered eu-west-1 but homed in us-east-2; creating missing trails is on. */
    private static ScenarioFleet stagingHomedInUsEast2(boolean multiRegion) {
        ScenarioFleet scenario = repairing(ScenarioFleet.fromEventsEnv());
        scenario.env.put("CREATE_MISSING_TRAILS", "true");
        scenario.fleet.account("333333333333").deleteTrail("org-trail", "eu-west-1");
        scenario.fleet.account("333333333333").trail("org-trail", "us-east-2").healthy(BUCKET, "org", KEY_ARN)
                .multiRegion(multiRegion);
        return scenario;
    }

    @Test
    void whenOtherRegionsCannotBeSearchedNoTrailIsCreated() {
        ScenarioFleet scenario = repairing(ScenarioFleet.fromEventsEnv());
        scenario.env.put("CREATE_MISSING_TRAILS", "true");
        scenario.fleet.account("333333333333").deleteTrail("org-trail", "eu-west-1");
        scenario.fleet.inject("333333333333", "ListTrails", Fault.accessDenied());

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).isEmpty();
        JsonNode account = ScenarioFleet.account(report, "333333333333");
        assertThat(account.at("/checks/0/actual").asText()).contains("other regions could not be searched")
                .contains("cloudtrail:ListTrails");
        assertThat(account.get("note").asText()).contains("must not change");
    }

    // --- 6. a write that races with someone else's is reported, not called a repair ---

    @Test
    void aPolicyChangedRightAfterTheWriteIsAConflictNotARepair() {
        ScenarioFleet scenario = repairing(ScenarioFleet.fromEventsEnv());
        String prod = "arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail";
        String sandbox = "arn:aws:cloudtrail:us-east-1:444444444444:trail/org-trail";
        bucket(scenario).policy(GrantingPolicies.bucket(BUCKET, "org", List.of(prod, sandbox)));
        AtomicInteger reads = new AtomicInteger();
        // Reads: the run's observation, the re-read before the write, the read-back, the verification.
        // Just before the read-back, someone removes the first statement (a foreign one) by hand.
        scenario.fleet.inject(AUDIT, "GetBucketPolicy", Fault.before(() -> {
            if (reads.incrementAndGet() == 3) {
                edit(bucket(scenario), statements -> statements.remove(0));
            }
        }));

        JsonNode report = scenario.invoke();

        JsonNode change = ScenarioFleet.find(report, "/central/changes", "policy", "bucket policy");
        assertThat(change.get("state").asText()).isEqualTo("CONFLICT");
        assertThat(change.get("reason").asText()).contains("someone else changed it").contains("statements gone since the write");
        assertThat(change.get("policyWritten").asText()).isNotEqualTo(change.get("policyAfter").asText());
        assertThat(report.at("/central/checks")).filteredOn(c -> c.get("check").asText().startsWith("bucket-policy."))
                .allSatisfy(c -> assertThat(c.get("outcome").asText()).isNotEqualTo("REPAIRED"));
        assertThat(emails(scenario).get(0).body()).contains("CONFLICT  bucket policy");
    }

    private static void edit(SimBucket bucket, Consumer<ArrayNode> change) {
        try {
            ObjectNode policy = (ObjectNode) Json.MAPPER.readTree(bucket.policy().orElseThrow());
            change.accept((ArrayNode) policy.get("Statement"));
            bucket.policy(Json.write(policy));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // --- 8. a failed publish is a metric an alarm can watch ---

    @Test
    void aFailedPublishIsLoggedAsTheRunFailedMetric() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.fleet.inject(AUDIT, "Publish", Fault.error("InternalError", 500));

        JsonNode report = scenario.invoke();

        JsonNode outcome = Json.MAPPER.readTree(scenario.log.get(scenario.log.size() - 1));
        assertThat(outcome.get("RunFailed").asInt()).isEqualTo(1);
        assertThat(outcome.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("TrailAuditor");
        assertThat(report.get("runFailed").asBoolean()).isTrue();
        assertLogged(scenario, report);
    }
}
