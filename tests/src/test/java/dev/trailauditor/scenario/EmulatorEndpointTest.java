package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.AuditHandler;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.GrantingPolicies;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real handler with the real SDK clients, pointed at a loopback endpoint the way an
 * emulator is used: only {@code AWS_ENDPOINT_URL} (here its system-property twin) changes.
 */
class EmulatorEndpointTest {
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String TRAIL = "arn:aws:cloudtrail:us-east-1:444444444444:trail/org-trail";
    private static final String CLOUDTRAIL = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";
    private static final String BUS = "arn:aws:events:eu-west-1:111111111111:event-bus/trail-auditor-trail-events";

    @AfterEach
    void clearSettings() {
        List.of("aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey").forEach(System::clearProperty);
    }

    private static Map<String, Function<LoopbackAws.Request, String>> healthyAccountAnswers() {
        long delivered = Instant.now().minusSeconds(300).getEpochSecond();
        return Map.of(
                "s3:GetBucketPolicy", r -> GrantingPolicies.bucket("central-trail-logs", "org", List.of(TRAIL)),
                "TrentService.GetKeyPolicy", r -> Json.write(Map.of("PolicyName", "default",
                        "Policy", GrantingPolicies.key("111111111111", List.of(TRAIL)))),
                "TrentService.DescribeKey", r -> """
                        {"KeyMetadata":{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","Arn":"%s","Enabled":true,"KeyState":"Enabled"}}"""
                        .formatted(KEY),
                "sts:AssumeRole", r -> """
                        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
                        <Credentials><AccessKeyId>ASIAMEMBER444</AccessKeyId><SecretAccessKey>s</SecretAccessKey>
                        <SessionToken>t</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
                        <AssumedRoleUser><Arn>arn:aws:sts::444444444444:assumed-role/TrailAuditorMemberRole/TrailAuditor</Arn>
                        <AssumedRoleId>AROAEXAMPLE:TrailAuditor</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>""",
                CLOUDTRAIL + "GetTrail", r -> """
                        {"Trail":{"Name":"org-trail","TrailARN":"%s","HomeRegion":"us-east-1","S3BucketName":"central-trail-logs",
                         "S3KeyPrefix":"org","KmsKeyId":"%s","IsMultiRegionTrail":true,"IncludeGlobalServiceEvents":true,
                         "LogFileValidationEnabled":true}}""".formatted(TRAIL, KEY),
                CLOUDTRAIL + "GetTrailStatus", r -> "{\"IsLogging\":true,\"LatestDeliveryTime\":" + delivered + "}",
                CLOUDTRAIL + "GetEventSelectors", r -> """
                        {"TrailARN":"%s","EventSelectors":[{"ReadWriteType":"All","IncludeManagementEvents":true}]}""".formatted(TRAIL),
                "AWSEvents.DescribeEventBus", r -> Json.write(Map.of("Name", "trail-auditor-trail-events", "Arn", BUS,
                        "Policy", GrantingPolicies.bus(BUS, List.of("444444444444")))),
                "sns:Publish", r -> """
                        <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>
                        <MessageId>loopback-1</MessageId></PublishResult></PublishResponse>""");
    }

    @Test
    void realClientsAuditThroughAnEmulatorEndpoint() throws Exception {
        try (LoopbackAws aws = new LoopbackAws(healthyAccountAnswers())) {
            System.setProperty("aws.endpointUrl", aws.endpoint());
            System.setProperty("aws.accessKeyId", "AKIDAUDITFUNCTION");
            System.setProperty("aws.secretAccessKey", "not-a-secret");
            Map<String, String> env = ScenarioFleet.eventsEnv();
            env.put("MEMBER_REGISTRY", "[{\"accountId\":\"444444444444\",\"name\":\"sandbox\",\"homeRegion\":\"us-east-1\"}]");
            env.put("MEMBER_EXTERNAL_ID", "shared-secret-id");
            env.put("AWS_ENDPOINT_URL", aws.endpoint());
            List<String> log = new ArrayList<>();

            AuditHandler handler = new AuditHandler(env, Clock.systemUTC(), duration -> { }, SdkClients::new, log::add);
            JsonNode report = Json.MAPPER.valueToTree(handler.handleRequest(ScenarioFleet.scheduledEvent(), null));

            assertThat(ScenarioFleet.findings(report)).isEmpty();
            assertThat(report.get("summary").asText()).isEqualTo("all 1 account compliant");
            assertThat(report.at("/publication/messageId").asText()).isEqualTo("loopback-1");

            List<LoopbackAws.Request> requests = aws.requests();
            assertThat(requests).extracting(LoopbackAws.Request::operation).containsExactlyInAnyOrder(
                    "s3:GetBucketPolicy", "TrentService.GetKeyPolicy", "TrentService.DescribeKey", "sts:AssumeRole",
                    CLOUDTRAIL + "GetTrail", CLOUDTRAIL + "GetTrailStatus", CLOUDTRAIL + "GetEventSelectors", "sns:Publish",
                    "AWSEvents.DescribeEventBus");
            assertThat(only(requests, "AWSEvents.DescribeEventBus").body()).as("the bus by its ARN, with the function's own role")
                    .isEqualTo("{\"Name\":\"" + BUS + "\"}");
            assertThat(only(requests, "AWSEvents.DescribeEventBus").authorization())
                    .contains("Credential=AKIDAUDITFUNCTION/").contains("/eu-west-1/events/");
            assertThat(only(requests, "s3:GetBucketPolicy").uri()).as("path-style on a loopback endpoint")
                    .isEqualTo("/central-trail-logs?policy");
            assertThat(only(requests, "sts:AssumeRole").body())
                    .contains("RoleArn=arn%3Aaws%3Aiam%3A%3A444444444444%3Arole%2FTrailAuditorMemberRole")
                    .contains("RoleSessionName=TrailAuditor").contains("ExternalId=shared-secret-id");
            assertThat(requests).filteredOn(r -> r.operation().startsWith(CLOUDTRAIL)).hasSize(3)
                    .allSatisfy(r -> assertThat(r.authorization()).as("member calls use the assumed role, in the home region")
                            .contains("Credential=ASIAMEMBER444/").contains("/us-east-1/cloudtrail/"));
            assertThat(only(requests, "TrentService.GetKeyPolicy").authorization())
                    .contains("Credential=AKIDAUDITFUNCTION/").contains("/eu-west-1/kms/");
            assertThat(String.join("\n", log)).as("credentials never reach the log")
                    .doesNotContain("not-a-secret").doesNotContain("ASIAMEMBER444");
        }
    }

    private static LoopbackAws.Request only(List<LoopbackAws.Request> requests, String operation) {
        return requests.stream().filter(r -> r.operation().equals(operation)).reduce((a, b) -> {
            throw new AssertionError("more than one " + operation);
        }).orElseThrow();
    }
}
