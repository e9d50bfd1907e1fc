package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.sim.Fault;
import dev.trailauditor.sim.SimTopic;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;

/**
 * The log custody controls through the real handler against the simulated fleet: what can read or drop the logs
 * outside the policies, and who hears the report. Each is reported with its id, counted with the hardening controls,
 * never repaired, and holds no trail repair. None of these findings existed before the controls: on the old code every
 * scenario here but the healthy one would have reported nothing.
 */
class LogCustodyScenarioTest {
    private static final String AUDIT = "111111111111";
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";


    private static SimTopic topic(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).snsTopic("eu-west-1", "trail-audit");
    }

    private static JsonNode check(JsonNode report, String id) {
        return ScenarioFleet.find(report, "/central/checks", "check", id);
    }

    /** The drift is reported and only it; the policies still deliver, and nothing is written even in repair mode. */
    private static void assertReportedAlone(ScenarioFleet scenario, JsonNode report, String finding) {
        assertThat(ScenarioFleet.findings(report)).containsExactly(finding);
        assertThat(scenario.writes()).as("custody is reported, never repaired").isEmpty();
        assertThat(report.at("/central/status").asText()).as("the policies still deliver").isEqualTo("COMPLIANT");
        assertThat(report.at("/central/hardening").asText()).isEqualTo(finding.endsWith("FAIL") ? "DRIFTED" : "UNREACHABLE");
        assertThat(report.get("accounts")).allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("COMPLIANT"));
    }

    @Test
    void theHealthyFleetPassesAllFour() {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).isEmpty();
        assertThat(List.of("key.grants", "bucket.lifecycle", "bucket.replication", "report.subscribers"))
                .allSatisfy(id -> assertThat(check(report, id).get("outcome").asText()).as(id).isEqualTo("PASS"));
        assertThat(check(report, "key.grants").get("actual").asText()).isEqualTo("no grants");
        assertThat(check(report, "bucket.lifecycle").get("actual").asText())
                .isEqualTo("rule 'expire-after-seven-years' keeps log files 365 days or longer");
        assertThat(check(report, "bucket.replication").get("actual").asText()).isEqualTo("no replication configuration");
        assertThat(check(report, "report.subscribers").get("actual").asText()).isEqualTo("1 confirmed, 0 pending confirmation");
    }

    @Test
    void aGrantGivingDecryptToAnotherAccountFailsKeyGrants() {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        String grantId = scenario.fleet.account(AUDIT).kmsKey("eu-west-1", KEY_ID)
                .grant("arn:aws:iam::999999999999:role/log-reader", "Decrypt");

        JsonNode report = scenario.invoke();

        assertReportedAlone(scenario, report, "central key.grants FAIL");
        assertThat(check(report, "key.grants").get("actual").asText()).isEqualTo("1 of 1 grants let a principal use the key: grant "
                + grantId + " to arn:aws:iam::999999999999:role/log-reader for Decrypt, no constraints, retiring principal none,"
                + " issued by arn:aws:iam::" + AUDIT + ":root");
        assertThat(check(report, "key.grants").get("severity").asText()).isEqualTo("HIGH");
        assertThat(report.get("summary").asText()).isEqualTo("all 3 accounts compliant, central hardening: 1 failed");
        SimTopic.Message email = topic(scenario).messages().get(0);
        assertThat(email.subject()).isEqualTo("Trail audit: all 3 accounts compliant, central hardening: 1 failed");
        assertThat(email.body()).contains("key.grants").contains("Revoke the named grants");
    }

    @Test
    void aThirtyDayExpirationOnAwsLogsFailsBucketLifecycle() {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        scenario.centralBucket().lifecycle(LifecycleRule.builder().id("tidy-up").status("Enabled").filter(f -> f.prefix("org/AWSLogs/"))
                .expiration(e -> e.days(30)).build());

        JsonNode report = scenario.invoke();

        assertReportedAlone(scenario, report, "central bucket.lifecycle FAIL");
        assertThat(check(report, "bucket.lifecycle").get("actual").asText()).isEqualTo("rule 'tidy-up' (keys under 'org/AWSLogs/')"
                + " expires log files 30 days after they are written, within the 365 days log files must be kept");
    }

    /** LOG_RETENTION_DAYS reaches the control: seven years of the healthy fleet's rule are too short for ten. */
    @Test
    void theRetentionIsTheConfiguredOne() {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        scenario.env.put("LOG_RETENTION_DAYS", "3650");

        JsonNode report = scenario.invoke();

        assertReportedAlone(scenario, report, "central bucket.lifecycle FAIL");
        assertThat(check(report, "bucket.lifecycle").get("actual").asText()).isEqualTo("rule 'expire-after-seven-years'"
                + " (every key) expires log files 2555 days after they are written, within the 3650 days log files must be kept");
    }

    @Test
    void replicationToAnotherAccountFailsBucketReplication() {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        scenario.centralBucket().replication(ReplicationConfiguration.builder().role("arn:aws:iam::" + AUDIT + ":role/replication")
                .rules(r -> r.id("offsite").status("Enabled").priority(1).filter(f -> f.prefix(""))
                        .deleteMarkerReplication(d -> d.status("Disabled"))
                        .destination(d -> d.bucket("arn:aws:s3:::partner-log-copy").account("999999999999")))
                .build());

        JsonNode report = scenario.invoke();

        assertReportedAlone(scenario, report, "central bucket.replication FAIL");
        assertThat(check(report, "bucket.replication").get("actual").asText())
                .isEqualTo("rule 'offsite' replicates log files to arn:aws:s3:::partner-log-copy in account 999999999999");
        assertThat(check(report, "bucket.replication").get("severity").asText()).isEqualTo("HIGH");
    }

    @Test
    void aTopicWithNoConfirmedSubscriptionFailsReportSubscribers() {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        topic(scenario).subscriptions(0, 1);

        JsonNode report = scenario.invoke();

        assertReportedAlone(scenario, report, "central report.subscribers FAIL");
        assertThat(check(report, "report.subscribers").get("actual").asText())
                .isEqualTo("no confirmed subscription (1 pending confirmation): nobody hears the report or an alarm");
        assertThat(report.at("/publication/state").asText()).as("published all the same, for whoever confirms").isEqualTo("SENT");
    }

    @Test
    void aCustodyReadTheFunctionMayNotMakeIsUnreachableForItsControlAlone() {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        scenario.fleet.inject(AUDIT, "GetTopicAttributes", Fault.accessDenied());

        JsonNode report = scenario.invoke();

        assertReportedAlone(scenario, report, "central report.subscribers UNREACHABLE");
        assertThat(report.get("summary").asText()).isEqualTo("all 3 accounts compliant, central hardening: 1 unreadable");
    }

    @Test
    void custodyFailuresHoldNoTrailRepair() {
        ScenarioFleet scenario = ScenarioFleet.inRepairMode();
        scenario.fleet.account(AUDIT).kmsKey("eu-west-1", KEY_ID).grant("arn:aws:iam::999999999999:root", "GenerateDataKey");
        scenario.trail("222222222222").stopLogging();

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).containsExactly("222222222222 StartLogging");
        assertThat(ScenarioFleet.findings(report)).contains("222222222222 trail.logging REPAIRED", "central key.grants FAIL");
    }
}
