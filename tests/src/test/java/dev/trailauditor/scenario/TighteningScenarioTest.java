package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.repair.CutOff;
import dev.trailauditor.repair.PolicyChange;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.Fault;
import dev.trailauditor.sim.SimBucket;
import dev.trailauditor.sim.SimKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Tightening never cuts off a trail silently (TIGHTEN_FOREIGN_GRANTS in central repair mode), through the real handler
 * against the simulated fleet, whose CloudTrail judges the policies for every file it delivers.
 */
class TighteningScenarioTest {
    private static final String AUDIT = "111111111111";
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    /** Another team's account: not in the registry, its trail delivering into the central bucket. */
    private static final String OTHER_TEAM = "555555555555";
    private static final String OTHER_FOLDER = "org/AWSLogs/" + OTHER_TEAM + "/CloudTrail/eu-west-1/";
    /** An older hand-written grant, not pinned to any trail: it is what lets the other team's trail in. */
    private static final String UNPINNED_WRITE = """
            {"Sid":"CloudTrailWrite","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
             "Action":"s3:PutObject","Resource":"arn:aws:s3:::central-trail-logs/org/AWSLogs/*",
             "Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}}""";
    private static final String UNPINNED_ACL_CHECK = """
            {"Sid":"CloudTrailAclCheck","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
             "Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::central-trail-logs"}""";
    private static final String UNPINNED_KEY_USE = """
            {"Sid":"CloudTrailKeyUse","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
             "Action":["kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"}""";

    private static ScenarioFleet withOtherTeamDelivering() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("CENTRAL_POLICY_MODE", "repair");
        scenario.env.put("TIGHTEN_FOREIGN_GRANTS", "true");
        bucket(scenario).policy(bucket(scenario).policy().orElseThrow()
                .replace("\"Statement\":[", "\"Statement\":[" + UNPINNED_WRITE + "," + UNPINNED_ACL_CHECK + ","));
        key(scenario).policy(key(scenario).policy().replace("\"Statement\":[", "\"Statement\":[" + UNPINNED_KEY_USE + ","));
        scenario.fleet.account(OTHER_TEAM).trail("team-trail", "eu-west-1")
                .healthy("central-trail-logs", "org", scenario.config.keyArn().toString());
        return scenario;
    }

    private static SimBucket bucket(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).bucket("central-trail-logs");
    }

    private static SimKey key(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).kmsKey("eu-west-1", KEY_ID);
    }

    private static PolicyChange treeToValue(JsonNode change) {
        try {
            return Json.MAPPER.treeToValue(change, PolicyChange.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode change(JsonNode report, String policy) {
        return ScenarioFleet.find(report, "/central/changes", "policy", policy);
    }

    /** The other team's log files that arrived after this time. */
    private static long otherTeamLogsSince(ScenarioFleet scenario, Instant since) {
        return bucket(scenario).objects().values().stream()
                .filter(o -> o.key().startsWith(OTHER_FOLDER) && o.lastModified().isAfter(since)).count();
    }

    /** An hour later: the run lists the bucket again, so CloudTrail delivers what is due, if the policies let it. */
    private static void anHourLater(ScenarioFleet scenario) {
        scenario.clock.advance(Duration.ofMinutes(65));
        scenario.invoke();
    }

    @Test
    void aTighteningThatWouldCutOffAnUnregisteredTrailIsHeldNamingItAndTheTrailKeepsDelivering() {
        ScenarioFleet scenario = withOtherTeamDelivering();
        String bucketBefore = bucket(scenario).policy().orElseThrow();
        String keyBefore = key(scenario).policy();

        JsonNode report = scenario.invoke();

        for (String policy : new String[] {"bucket policy", "key policy"}) {
            JsonNode change = change(report, policy);
            assertThat(change.get("state").asText()).as(policy).isEqualTo("HELD");
            assertThat(change.get("reason").asText()).as(policy).contains(OTHER_TEAM, "last delivered 2026-11-29T02:50:00Z",
                    "TIGHTEN_ALLOWED_ACCOUNTS");
            assertThat(change.at("/cutOff/0/account").asText()).isEqualTo(OTHER_TEAM);
            assertThat(change.at("/cutOff/0/lastDelivered").asText()).isEqualTo("2026-11-29T02:50:00Z");
            assertThat(change.at("/cutOff/0/allowed").asBoolean()).isFalse();
            assertThat(change.get("removed").toString()).as("the plan still shows what it would remove").contains("CloudTrail");
            assertThat(treeToValue(change).cutOff()).as("read back, as a report from the log is")
                    .containsExactly(new CutOff(OTHER_TEAM, Instant.parse("2026-11-29T02:50:00Z"), false));
        }
        assertThat(scenario.writes()).as("nothing written for either policy").isEmpty();
        assertThat(bucket(scenario).policy()).contains(bucketBefore);
        assertThat(key(scenario).policy()).isEqualTo(keyBefore);
        assertThat(scenario.fleet.account(AUDIT).snsTopic("eu-west-1", "trail-audit").messages().get(0).body())
                .contains("HELD  bucket policy of central-trail-logs", "would cut off " + OTHER_TEAM);

        Instant firstRun = scenario.clock.instant();
        anHourLater(scenario);
        assertThat(otherTeamLogsSince(scenario, firstRun)).as("the other team's trail still delivers").isPositive();
    }

    @Test
    void anAccountInTheAllowListMayBeCutOffAndTheReportSaysSo() {
        ScenarioFleet scenario = withOtherTeamDelivering();
        scenario.env.put("TIGHTEN_ALLOWED_ACCOUNTS", "999999999999, " + OTHER_TEAM);

        JsonNode report = scenario.invoke();

        JsonNode bucketChange = change(report, "bucket policy");
        assertThat(bucketChange.get("state").asText()).isEqualTo("WRITTEN");
        assertThat(bucketChange.at("/cutOff/0/account").asText()).isEqualTo(OTHER_TEAM);
        assertThat(bucketChange.at("/cutOff/0/allowed").asBoolean()).isTrue();
        assertThat(change(report, "key policy").get("state").asText()).isEqualTo("WRITTEN");
        assertThat(bucket(scenario).policy().orElseThrow()).doesNotContain("\"Sid\":\"CloudTrailWrite\"");
        assertThat(scenario.fleet.account(AUDIT).snsTopic("eu-west-1", "trail-audit").messages().get(0).body())
                .contains("cuts off " + OTHER_TEAM + ", last delivered 2026-11-29T02:50:00Z (TIGHTEN_ALLOWED_ACCOUNTS lets it go)");

        Instant firstRun = scenario.clock.instant();
        anHourLater(scenario);
        assertThat(otherTeamLogsSince(scenario, firstRun)).as("as allowed, the other team's trail is cut off").isZero();
    }

    @Test
    void aTrailThatHasNotDeliveredWithinTheMaximumAgeDoesNotHoldTheTightening() {
        ScenarioFleet scenario = withOtherTeamDelivering();
        scenario.fleet.account(OTHER_TEAM).trail("team-trail", "eu-west-1").stopLogging();
        scenario.clock.advance(Duration.ofHours(25));

        JsonNode report = scenario.invoke();

        assertThat(change(report, "bucket policy").get("state").asText()).isEqualTo("WRITTEN");
        assertThat(change(report, "bucket policy").has("cutOff")).isFalse();
        assertThat(change(report, "key policy").get("state").asText()).isEqualTo("WRITTEN");
        assertThat(scenario.writes()).containsExactlyInAnyOrder(AUDIT + " PutBucketPolicy", AUDIT + " PutKeyPolicy");
    }

    @Test
    void aListingThatFailsHoldsTheTightening() {
        ScenarioFleet scenario = withOtherTeamDelivering();
        scenario.fleet.inject(AUDIT, "ListObjectsV2", Fault.accessDenied());

        JsonNode report = scenario.invoke();

        for (String policy : new String[] {"bucket policy", "key policy"}) {
            assertThat(change(report, policy).get("state").asText()).as(policy).isEqualTo("HELD");
            assertThat(change(report, policy).get("reason").asText()).as(policy)
                    .contains("could not be listed", "not authorized");
        }
        assertThat(scenario.writes()).isEmpty();
    }

    @Test
    void withoutATighteningTheBucketIsNotListedForOtherAccounts() {
        ScenarioFleet scenario = withOtherTeamDelivering();
        scenario.env.put("TIGHTEN_FOREIGN_GRANTS", "false");

        JsonNode report = scenario.invoke();

        assertThat(change(report, "bucket policy").get("state").asText()).isEqualTo("UNCHANGED");
        // The sim delivers an account's files when a listing reaches its folder: none reached the other team's.
        assertThat(otherTeamLogsSince(scenario, Instant.EPOCH)).as("the bucket was not listed beyond the members' folders")
                .isZero();
        assertThat(scenario.writes()).isEmpty();
    }
}
