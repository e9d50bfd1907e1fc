package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** An answer that leaves out what a control judges by is unreachable, never a pass: through the real handler. */
class FailClosedScenarioTest {
    private static final String AUDIT = "111111111111";

    /**
     * A public policy, and a GetBucketPolicyStatus that answers without IsPublic (as an AWS-compatible endpoint that
     * does not implement the call does): S3's verdict is unknown, so bucket.public-policy is unreachable. Read as
     * "not public", as it was, the public read grant went unreported.
     */
    @Test
    void aPolicyStatusWithoutIsPublicIsUnreachableNotAPass() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        var bucket = scenario.fleet.account(AUDIT).bucket("central-trail-logs");
        String publicRead = """
                {"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::central-trail-logs/*"}""";
        bucket.policy(bucket.policy().orElseThrow().replace("\"Statement\":[", "\"Statement\":[" + publicRead + ","))
                .answerPolicyStatusWithoutIsPublic();

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).containsExactly("central bucket.public-policy UNREACHABLE");
        assertThat(ScenarioFleet.find(report, "/central/checks", "check", "bucket.public-policy").get("actual").asText())
                .isEqualTo("GetBucketPolicyStatus answered without PolicyStatus.IsPublic: what it would say is unknown");
        assertThat(report.get("summary").asText()).isEqualTo("all 3 accounts compliant, central hardening: 1 unreadable");
    }
}
