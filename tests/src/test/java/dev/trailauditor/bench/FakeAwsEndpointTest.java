package dev.trailauditor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.AuditHandler;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.report.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keeps the SDK-path benchmark honest without running it: the fake endpoint answers the real
 * handler and SDK clients as a healthy fleet, attributes member calls, and counts connections.
 */
class FakeAwsEndpointTest {

    @AfterEach
    void clearSettings() {
        List.of("aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey").forEach(System::clearProperty);
    }

    @Test
    void theRealHandlerFindsAHealthyFleet() throws Exception {
        int members = 3;
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(SdkPathBenchmark.fleet(members, "auditor"), Duration.ZERO, 8)) {
            System.setProperty("aws.endpointUrl", endpoint.endpoint());
            System.setProperty("aws.accessKeyId", "AKIDFAKEFUNCTION");
            System.setProperty("aws.secretAccessKey", "fake-secret");
            Map<String, String> env = new HashMap<>(Map.of(
                    "AWS_ENDPOINT_URL", endpoint.endpoint(), "AWS_REGION", SdkPathBenchmark.REGION,
                    "CENTRAL_BUCKET", SdkPathBenchmark.BUCKET, "LOG_PREFIX", SdkPathBenchmark.PREFIX,
                    "CENTRAL_KEY_ARN", SdkPathBenchmark.KEY, "AUDIT_ACCOUNT_ID", SdkPathBenchmark.AUDIT,
                    "DEFAULT_TRAIL_NAME", SdkPathBenchmark.TRAIL, "DEFAULT_HOME_REGION", SdkPathBenchmark.REGION,
                    "REPORT_TOPIC_ARN", "arn:aws:sns:eu-west-1:111111111111:trail-audit", "PARALLELISM", "2"));
            env.put("MEMBER_REGISTRY", "[{\"accountId\":\"200000000000\"},{\"accountId\":\"200000000001\"},"
                    + "{\"accountId\":\"200000000002\"}]");

            AuditHandler handler = new AuditHandler(env, Clock.systemUTC(), d -> { }, SdkClients::new, line -> { });
            JsonNode report = Json.MAPPER.valueToTree(handler.handleRequest(null, null));
            FakeAwsEndpoint.Counts counts = endpoint.takeCounts();

            // The auditor's own policy adds no Deny, so nothing in it refuses plain HTTP: the one hardening finding.
            assertThat(report.get("summary").asText()).isEqualTo("all 3 accounts compliant, central hardening: 1 failed");
            assertThat(report.at("/central/checks")).filteredOn(c -> !c.get("outcome").asText().equals("PASS"))
                    .extracting(c -> c.get("check").asText()).containsExactly("bucket.tls-only");
            assertThat(report.at("/publication/messageId").asText()).startsWith("fake-");
            assertThat(counts.unanswered()).isZero();
            assertThat(counts.memberCalls()).as("AssumeRole, GetTrail, GetTrailStatus, GetEventSelectors a member")
                    .isEqualTo(4L * members);
            assertThat(counts.calls()).as("and the function's own: three for each member's files (its log and digest folders"
                            + " listed, the newest log described), bucket policy, key policy, key, nine hardening and four"
                            + " custody reads, email")
                    .isEqualTo(4L * members + 3L * members + 4 + 9 + 4);
            assertThat(counts.byOperation()).containsEntry("sts:AssumeRole", 3L).containsEntry("cloudtrail:GetTrail", 3L)
                    .containsEntry("s3:GETBucketPolicy", 1L).containsEntry("sns:Publish", 1L)
                    .containsEntry("s3:ListObjectsV2", 2L * members).containsEntry("s3:HeadObject", 1L * members);
            assertThat(counts.newConnections()).isBetween(1L, counts.calls());
        }
    }
}
