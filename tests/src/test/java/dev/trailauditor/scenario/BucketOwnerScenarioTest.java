package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.sim.SimBucket;
import dev.trailauditor.sim.SimCall;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every S3 call on the central and history buckets names the audit account as ExpectedBucketOwner, so a bucket of
 * that name owned by another account is refused with 403 AccessDenied, through the real handler against the sim.
 */
class BucketOwnerScenarioTest {
    private static final String AUDIT = "111111111111";
    private static final String OTHER = "999999999999";

    /**
     * The history bucket's name held by another account (the bucket deleted, the name taken), whose policy opens the
     * objects to the audit account and which offers a forged previous report: without the owner condition the run
     * would read the forgery as its previous report and write its own report, every finding in it, into that account.
     */
    @Test
    void aHistoryBucketOwnedByAnotherAccountIsNeitherReadNorWritten() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("HISTORY_BUCKET", "trail-auditor-history-elsewhere");
        scenario.env.put("HISTORY_PREFIX", "trail-auditor");
        SimBucket foreign = scenario.fleet.account(OTHER).bucket("trail-auditor-history-elsewhere").region("eu-west-1")
                .policy("""
                        {"Version":"2012-10-17","Statement":[{"Sid":"OpenToTheAuditor","Effect":"Allow",
                         "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":["s3:GetObject","s3:PutObject"],
                         "Resource":"arn:aws:s3:::trail-auditor-history-elsewhere/*"}]}""".formatted(AUDIT))
                .object("trail-auditor/latest.json", new SimBucket.SimObject(
                        "{\"runId\":\"forged\",\"accounts\":[]}".getBytes(StandardCharsets.UTF_8), "application/json",
                        ScenarioFleet.NOW.minusSeconds(86_400)));
        scenario.trail("222222222222").stopLogging();

        JsonNode report = scenario.invoke();

        assertThat(foreign.objects().keySet()).as("nothing written into the other account's bucket")
                .containsExactly("trail-auditor/latest.json");
        assertThat(report.at("/changes/since").isMissingNode()).as("the forged report is not compared with").isTrue();
        assertThat(report.get("warnings")).anySatisfy(w -> assertThat(w.asText()).startsWith(
                "no previous report could be read at s3://trail-auditor-history-elsewhere/trail-auditor/latest.json (AccessDenied"));
        assertThat(report.get("warnings")).anySatisfy(w -> assertThat(w.asText()).startsWith(
                "the report could not be kept at s3://trail-auditor-history-elsewhere/trail-auditor/runs/").contains("AccessDenied"));
        assertThat(ScenarioFleet.findings(report)).contains("222222222222 trail.logging FAIL");
    }

    /** The central bucket's calls, reads, listings and (in repair mode) the policy write, all name the audit account. */
    @Test
    void everyCallOnTheCentralAndHistoryBucketsNamesTheAuditAccountAsOwner() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv().withHistory("trail-auditor");
        scenario.env.put("CENTRAL_POLICY_MODE", "repair");
        scenario.fleet.account(AUDIT).bucket("central-trail-logs").noPolicy();

        scenario.invoke();

        assertThat(scenario.fleet.calls()).filteredOn(c -> c.service().equals("s3")).extracting(SimCall::operation)
                .contains("GetBucketPolicy", "GetBucketPolicyStatus", "PutBucketPolicy", "ListObjectsV2", "HeadObject",
                        "GetObject", "PutObject");
        assertThat(scenario.fleet.bucketRequests()).as("S3 requests").isNotEmpty()
                .allSatisfy(r -> assertThat(r.expectedBucketOwner()).as("a request on " + r.bucket()).isEqualTo(AUDIT));
    }
}
