package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.AuditHandler;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.bench.FakeAwsEndpoint;
import dev.trailauditor.bench.HardenedCentralAnswers;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.GrantingPolicies;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
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

    /** The central bucket's and key's hardening and custody reads, answered as a hardened bucket, key and topic answer them. */
    private static final List<String> HARDENING_READS = List.of("s3:GetPublicAccessBlock", "s3:GetBucketPolicyStatus",
            "s3:GetBucketAcl", "s3:GetBucketVersioning", "s3:GetObjectLockConfiguration", "s3:GetBucketLogging",
            "s3:GetBucketEncryption", "s3:GetBucketOwnershipControls", "s3:GetBucketLifecycleConfiguration",
            "s3:GetBucketReplication", "TrentService.GetKeyRotationStatus", "TrentService.ListGrants", "sns:GetTopicAttributes");

    private static Map<String, Function<LoopbackAws.Request, String>> healthyAccountAnswers() {
        Map<String, Function<LoopbackAws.Request, String>> answers = new HashMap<>(trailAndPolicyAnswers());
        for (String read : HARDENING_READS) {
            answers.put(read, r -> switch (read) {
                case "TrentService.GetKeyRotationStatus" -> HardenedCentralAnswers.keyRotationJson(KEY);
                case "TrentService.ListGrants" -> HardenedCentralAnswers.NO_GRANTS_JSON;
                case "sns:GetTopicAttributes" -> HardenedCentralAnswers.topicAttributesXml("arn:aws:sns:eu-west-1:111111111111:trail-audit");
                default -> HardenedCentralAnswers.s3Xml(read.substring(3), "central-trail-logs", KEY).orElseThrow();
            });
        }
        return answers;
    }

    private static Map<String, Function<LoopbackAws.Request, String>> trailAndPolicyAnswers() {
        long delivered = Instant.now().minusSeconds(300).getEpochSecond();
        Instant arrived = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Function<LoopbackAws.Request, String>> answers = new java.util.HashMap<>(Map.of(
                "s3:ListObjectsV2", r -> FakeAwsEndpoint.listObjectsV2("central-trail-logs", "listed",
                        Map.of(r.uri().contains("CloudTrail-Digest") ? "digest.json.gz" : "log.json.gz", arrived)),
                "s3:HeadObject", r -> FakeAwsEndpoint.headObjectSseKms(KEY, arrived).entrySet().stream()
                        .map(h -> h.getKey() + ": " + h.getValue()).collect(Collectors.joining("\n")),
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
                        {"TrailARN":"%s","EventSelectors":[{"ReadWriteType":"All","IncludeManagementEvents":true}]}""".formatted(TRAIL)));
        answers.put("AWSEvents.DescribeEventBus", r -> Json.write(Map.of("Name", "trail-auditor-trail-events", "Arn", BUS,
                "Policy", GrantingPolicies.bus(BUS, List.of("444444444444")))));
        // No failed calls wait in the queue (SQS's JSON protocol).
        answers.put("AmazonSQS.ReceiveMessage", r -> "{\"Messages\":[]}");
        answers.put("sns:Publish", r -> """
                <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>
                <MessageId>loopback-1</MessageId></PublishResult></PublishResponse>""");
        return answers;
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
            List<String> expected = new ArrayList<>(List.of(
                    "s3:GetBucketPolicy", "TrentService.GetKeyPolicy", "TrentService.DescribeKey", "sts:AssumeRole",
                    CLOUDTRAIL + "GetTrail", CLOUDTRAIL + "GetTrailStatus", CLOUDTRAIL + "GetEventSelectors", "sns:Publish",
                    "s3:ListObjectsV2", "s3:ListObjectsV2", "s3:HeadObject", "AWSEvents.DescribeEventBus",
                    "AmazonSQS.ReceiveMessage"));
            expected.addAll(HARDENING_READS);
            assertThat(requests).extracting(LoopbackAws.Request::operation).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(requests).filteredOn(r -> r.operation().equals("s3:ListObjectsV2")).extracting(LoopbackAws.Request::uri)
                    .as("today's log and digest folders of the member, listed with the function's own role")
                    .allSatisfy(uri -> assertThat(uri).startsWith("/central-trail-logs?list-type=2&prefix=org%2FAWSLogs%2F444444444444%2FCloudTrail"));
            assertThat(requests).filteredOn(r -> r.operation().startsWith("s3:")).extracting(LoopbackAws.Request::authorization)
                    .allSatisfy(auth -> assertThat(auth).contains("Credential=AKIDAUDITFUNCTION/"));
            assertThat(requests).filteredOn(r -> r.operation().startsWith("s3:")).extracting(LoopbackAws.Request::expectedBucketOwner)
                    .as("the bucket owner condition on the wire: every S3 call names the audit account")
                    .containsOnly("111111111111");
            assertThat(only(requests, "AWSEvents.DescribeEventBus").body()).as("the bus by its ARN, with the function's own role")
                    .isEqualTo("{\"Name\":\"" + BUS + "\"}");
            assertThat(only(requests, "AWSEvents.DescribeEventBus").authorization())
                    .contains("Credential=AKIDAUDITFUNCTION/").contains("/eu-west-1/events/");
            assertThat(only(requests, "AmazonSQS.ReceiveMessage").body()).as("the failed calls, with the function's own role")
                    .contains("\"QueueUrl\":\"https://sqs.eu-west-1.amazonaws.com/111111111111/trail-auditor-failed-calls\"");
            assertThat(only(requests, "AmazonSQS.ReceiveMessage").authorization()).contains("Credential=AKIDAUDITFUNCTION/");
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
