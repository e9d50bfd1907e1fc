package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.Fault;
import dev.trailauditor.sim.SimTopic;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.Permission;

/** The central hardening controls through the real handler: reported with their ids, never repaired, no hold on trails. */
class CentralHardeningScenarioTest {
    private static final String AUDIT = "111111111111";
    private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";


    /** Every setting weak, and the policy without its Deny of plain HTTP; every grant CloudTrail needs is still there. */
    private static void weaken(ScenarioFleet scenario) throws Exception {
        ObjectNode policy = (ObjectNode) Json.MAPPER.readTree(scenario.centralBucket().policy().orElseThrow());
        ArrayNode statements = (ArrayNode) policy.get("Statement");
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i).path("Sid").asText().equals("DenyPlainHttp")) {
                statements.remove(i);
            }
        }
        scenario.centralBucket().policy(Json.write(policy)).publicAccessBlock(null).ownership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .grantToGroup(ALL_USERS, Permission.READ).versioning(BucketVersioningStatus.SUSPENDED).noAccessLogging()
                .encryptedByS3();
        scenario.fleet.account(AUDIT).kmsKey("eu-west-1", "1234abcd-12ab-34cd-56ef-1234567890ab").rotation(false);
    }

    private static List<SimTopic.Message> emails(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).snsTopic("eu-west-1", "trail-audit").messages();
    }

    @Test
    void aWeakenedBucketAndKeyAreReportedWithTheirIdsAndNothingIsWrittenEvenInRepairMode() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        weaken(scenario);

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).containsExactly(
                "central bucket.access-logging FAIL",
                "central bucket.default-encryption FAIL",
                "central bucket.object-ownership FAIL",
                "central bucket.public-access-block FAIL",
                "central bucket.public-acl FAIL",
                "central bucket.tls-only FAIL",
                "central bucket.versioning FAIL",
                "central key.rotation FAIL");
        assertThat(scenario.writes()).as("hardening is reported, never repaired").isEmpty();
        assertThat(report.at("/central/status").asText()).as("the policies still deliver").isEqualTo("COMPLIANT");
        assertThat(report.at("/central/hardening").asText()).isEqualTo("DRIFTED");
        assertThat(report.get("summary").asText()).isEqualTo("all 3 accounts compliant, central hardening: 8 failed");
        assertThat(report.at("/totals/checksFailed").asInt()).isEqualTo(8);
        assertThat(ScenarioFleet.find(report, "/central/checks", "check", "bucket.public-acl").get("severity").asText())
                .as("anyone may read").isEqualTo("CRITICAL");
        assertThat(ScenarioFleet.find(report, "/central/checks", "check", "bucket.tls-only").get("actual").asText())
                .endsWith("over plain HTTP is not denied (no Deny statement applies)");

        SimTopic.Message email = emails(scenario).get(0);
        assertThat(email.subject()).isEqualTo("Trail audit: all 3 accounts compliant, central hardening: 8 failed");
        assertThat(email.body()).contains("CENTRAL COMPLIANT, hardening DRIFTED  bucket central-trail-logs")
                .contains("FAIL        CRITICAL bucket.public-acl: expected no ACL grant to AllUsers or AuthenticatedUsers;"
                        + " found the ACL grants AllUsers READ")
                .contains("WHAT TO DO").contains("  key.rotation: ").contains("(Security Hub KMS.4;")
                .contains("  bucket.tls-only: ").contains("(Security Hub S3.5;");
    }

    @Test
    void aSecondRunFindsTheSameAndStillWritesNothing() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        weaken(scenario);

        JsonNode first = scenario.invoke();
        JsonNode second = scenario.invoke();

        assertThat(ScenarioFleet.findings(second)).isEqualTo(ScenarioFleet.findings(first)).hasSize(8);
        assertThat(scenario.writes()).isEmpty();
    }

    @Test
    void hardeningFailuresHoldNoTrailRepair() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        weaken(scenario);
        scenario.trail("222222222222").stopLogging();

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).containsExactly("222222222222 StartLogging");
        assertThat(ScenarioFleet.findings(report)).contains("222222222222 trail.logging REPAIRED", "central key.rotation FAIL");
        assertThat(report.get("summary").asText()).isEqualTo("all 3 accounts compliant, 1 repaired, central hardening: 8 failed");
    }

    /** The exposure check probes writes into the log folders and uses of the key; a public read is what S3's own verdict adds. */
    @Test
    void aPublicReadGrantIsCaughtByS3sOwnVerdict() {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        String publicRead = """
                {"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::central-trail-logs/*"}""";
        scenario.centralBucket().policy(scenario.centralBucket().policy().orElseThrow().replace("\"Statement\":[", "\"Statement\":[" + publicRead + ","));

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).containsExactly("central bucket.public-policy FAIL");
        assertThat(scenario.writes()).as("a statement that grants anyone is never touched").isEmpty();
    }

    @Test
    void aSettingTheFunctionMayNotReadIsUnreachableForItsControlAlone() {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        scenario.fleet.inject(AUDIT, "GetBucketVersioning", Fault.accessDenied());

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).containsExactly("central bucket.versioning UNREACHABLE");
        assertThat(report.at("/central/status").asText()).isEqualTo("COMPLIANT");
        assertThat(report.get("summary").asText()).isEqualTo("all 3 accounts compliant, central hardening: 1 unreadable");
        assertThat(report.get("accounts")).allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("COMPLIANT"));
    }
}
