package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.check.Check;
import dev.trailauditor.sim.Fault;
import dev.trailauditor.sim.SimBucket;
import dev.trailauditor.sim.SimCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * delivery.arrived through the real handler: the audit account lists each member's newest files in the central
 * bucket with its own role, and a member whose files are stale, missing or wrongly encrypted is drifted, whatever
 * its trail says of itself.
 */
class LogArrivalScenarioTest {
    private static final String AUDIT = "111111111111";
    private static final String ARRIVED = Check.DELIVERY_ARRIVED.id();

    private static JsonNode arrival(JsonNode report, String account) {
        return ScenarioFleet.find(ScenarioFleet.account(report, account), "/checks", "check", ARRIVED);
    }

    private static SimBucket bucket(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).bucket(scenario.config.centralBucket());
    }

    private static String email(ScenarioFleet scenario) {
        List<dev.trailauditor.sim.SimTopic.Message> messages = scenario.fleet.account(AUDIT).snsTopic("eu-west-1", "trail-audit").messages();
        return messages.get(messages.size() - 1).body();
    }

    @Test
    void aHealthyFleetsFilesAreFreshAndCostThreeCallsAMemberWithTheFunctionsOwnRole() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).isEmpty();
        for (String member : List.of("222222222222", "333333333333", "444444444444")) {
            assertThat(arrival(report, member).get("outcome").asText()).isEqualTo("PASS");
            assertThat(arrival(report, member).get("actual").asText())
                    .isEqualTo("newest log file 2026-11-29T02:50:00Z (10 min ago), SSE-KMS with the central key;"
                            + " newest digest file 2026-11-29T02:50:00Z (10 min ago)");
        }
        List<SimCall> s3 = scenario.fleet.calls().stream().filter(c -> c.service().equals("s3")).toList();
        assertThat(s3).as("every S3 call is the audit account's own").allSatisfy(c -> assertThat(c.accountId()).isEqualTo(AUDIT));
        assertThat(s3).filteredOn(c -> c.operation().equals("ListObjectsV2")).as("today's log and digest folders a member")
                .hasSize(6);
        assertThat(s3).filteredOn(c -> c.operation().equals("HeadObject")).as("the newest log file a member").hasSize(3);
    }

    /** The trail says it delivers (trail.delivery passes), but its files are gone: the strongest evidence there is. */
    @Test
    void deletedFilesFailDeliveryArrivedAloneWithItsRemediationInTheEmail() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.invoke();
        bucket(scenario).deleteObjects("org/AWSLogs/333333333333/");

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).containsExactly("333333333333 delivery.arrived FAIL");
        assertThat(ScenarioFleet.find(ScenarioFleet.account(report, "333333333333"), "/checks", "check", "trail.delivery")
                .get("outcome").asText()).isEqualTo("PASS");
        assertThat(arrival(report, "333333333333").get("actual").asText()).isEqualTo(
                "no log file in org/AWSLogs/333333333333/CloudTrail/eu-west-1/ (2026/11/28 to 2026/11/29);"
                        + " no digest file in org/AWSLogs/333333333333/CloudTrail-Digest/eu-west-1/ (2026/11/28 to 2026/11/29)");
        assertThat(ScenarioFleet.account(report, "333333333333").get("status").asText()).isEqualTo("DRIFTED");
        assertThat(email(scenario)).contains("delivery.arrived").contains(Check.DELIVERY_ARRIVED.risk())
                .contains(Check.DELIVERY_ARRIVED.remediation());
    }

    /** A trail stopped for 30 hours: its newest file is 30 hours old. Restarted, its first files take minutes to come. */
    @Test
    void staleFilesFailAndArriveAgainMinutesAfterTheTrailIsStarted() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("TRAIL_MODE", "repair");
        scenario.trail("222222222222").stopLogging();
        scenario.clock.advance(Duration.ofHours(30));

        JsonNode report = scenario.invoke();

        assertThat(arrival(report, "222222222222").get("outcome").asText()).as("StartLogging repairs no file that is not there")
                .isEqualTo("FAIL");
        assertThat(arrival(report, "222222222222").get("actual").asText())
                .isEqualTo("newest log file arrived 2026-11-29T02:50:00Z (30 h ago); newest digest file arrived 2026-11-29T02:50:00Z (30 h ago)");
        assertThat(ScenarioFleet.find(ScenarioFleet.account(report, "222222222222"), "/checks", "check", "trail.logging")
                .get("outcome").asText()).isEqualTo("REPAIRED");
        assertThat(arrival(report, "333333333333").get("outcome").asText()).as("others kept logging").isEqualTo("PASS");

        scenario.clock.advance(Duration.ofMinutes(10));
        assertThat(arrival(scenario.invoke(), "222222222222").get("actual").asText()).as("logs come within minutes")
                .isEqualTo("newest digest file arrived 2026-11-29T02:50:00Z (30 h ago)");
        scenario.clock.advance(Duration.ofMinutes(55));
        JsonNode later = scenario.invoke();
        assertThat(arrival(later, "222222222222").get("outcome").asText()).as("digests within the hour").isEqualTo("PASS");
        // (The sim's GetTrailStatus keeps what the setup said, so the other trails' trail.delivery now reads 31 h old.)
        assertThat(ScenarioFleet.findings(later)).noneMatch(f -> f.startsWith("222222222222"));
    }

    @Test
    void wronglyEncryptedFilesFail() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.trail("444444444444").kmsKey(null); // CloudTrail then writes SSE-S3 files
        scenario.clock.advance(Duration.ofMinutes(5));
        scenario.invoke();
        // Someone writes a newer file into 222's folder under a key of their own.
        String foreignKey = "arn:aws:kms:eu-west-1:222222222222:key/not-the-central-key";
        String forged = "org/AWSLogs/222222222222/CloudTrail/eu-west-1/2026/11/29/222222222222_CloudTrail_eu-west-1_20261129T0306Z_FORGEDFORGEDFORG.json.gz";
        bucket(scenario).putObject(forged, ScenarioFleet.NOW.plusSeconds(360), foreignKey);

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).containsExactly("222222222222 delivery.arrived FAIL",
                "444444444444 delivery.arrived FAIL", "444444444444 trail.kms-key FAIL");
        assertThat(arrival(report, "444444444444").get("actual").asText()).endsWith("is encrypted with AES256, not SSE-KMS");
        assertThat(arrival(report, "222222222222").get("actual").asText())
                .isEqualTo("newest log file " + forged + " is encrypted with key " + foreignKey + ", not the central key");
    }

    @Test
    void aListingTheAuditRoleMayNotMakeIsUnreachableForThatControlOnly() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.fleet.inject(AUDIT, "ListObjectsV2", Fault.accessDenied());

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).containsExactly("222222222222 delivery.arrived UNREACHABLE",
                "333333333333 delivery.arrived UNREACHABLE", "444444444444 delivery.arrived UNREACHABLE");
        assertThat(arrival(report, "222222222222").get("actual").asText())
                .startsWith("the central bucket could not be listed: ").contains("AccessDenied");
        assertThat(ScenarioFleet.account(report, "222222222222").get("status").asText()).as("never compliant unseen")
                .isEqualTo("UNREACHABLE");
    }
}
