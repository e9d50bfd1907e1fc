package dev.trailauditor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.trailauditor.CloudTrailEvents.ApiCall;
import dev.trailauditor.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CloudTrail API calls an invocation carries, read from the files in events/ and from broken variants of them. */
class CloudTrailEventsTest {

    static Map<String, Object> event(String file) {
        try {
            return Json.MAPPER.readValue(Path.of(file).toFile(), new TypeReference<>() {});
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aStopLoggingEventFromEventBridgeIsOneCall() {
        List<ApiCall> calls = CloudTrailEvents.read(event("events/member-stop-logging.json")).orElseThrow().calls();

        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.eventName()).isEqualTo("StopLogging");
            assertThat(call.source()).isEqualTo("cloudtrail.amazonaws.com");
            assertThat(call.account()).isEqualTo("222222222222");
            assertThat(call.who()).isEqualTo("arn:aws:iam::222222222222:user/mallory");
            assertThat(call.time()).isEqualTo("2026-11-29T03:05:12Z");
            assertThat(call.parameter("name")).contains("arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail");
            assertThat(call.failed()).isFalse();
        });
    }

    @Test
    void aKinesisBatchIsEveryRecordsEventInOrder() {
        List<ApiCall> calls = CloudTrailEvents.read(event("events/member-trail-burst.json")).orElseThrow().calls();

        assertThat(calls).extracting(ApiCall::eventName)
                .containsExactly("StopLogging", "UpdateTrail", "PutEventSelectors", "UpdateTrail", "PutInsightSelectors");
        assertThat(calls).extracting(ApiCall::account).containsOnly("222222222222");
        assertThat(calls.get(2).parameter("trailName")).contains("org-trail");
    }

    @Test
    void theCentralBucketPolicyEventNamesItsBucket() {
        ApiCall call = CloudTrailEvents.read(event("events/central-put-bucket-policy.json")).orElseThrow().calls().get(0);

        assertThat(call.source()).isEqualTo("s3.amazonaws.com");
        assertThat(call.account()).isEqualTo("111111111111");
        assertThat(call.parameter("bucketName")).contains("central-trail-logs");
        assertThat(call.who()).startsWith("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess");
    }

    @Test
    void theScheduleAndAReCheckByHandCarryNoCalls() {
        assertThat(CloudTrailEvents.read(event("events/scheduled.json"))).isEmpty();
        assertThat(CloudTrailEvents.read(event("events/recheck-accounts.json"))).isEmpty();
        assertThat(CloudTrailEvents.read(null)).isEmpty();
    }

    /** Every event file is one the handler takes: CloudTrail calls it reads whole, or an event that carries none. */
    @Test
    void everyEventFileIsReadable() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            List<Path> events = files.filter(f -> !f.getFileName().toString().equals("env.json")).sorted().toList();
            assertThat(events).hasSizeGreaterThanOrEqualTo(5);
            for (Path file : events) {
                Map<String, Object> event = event(file.toString());
                boolean calls = CloudTrailEvents.read(event).map(c -> !c.calls().isEmpty() && c.skipped().isEmpty()).orElse(false);
                boolean scheduledOrByHand = event.get("detail") instanceof Map<?, ?>
                        && !CloudTrailEvents.DETAIL_TYPE.equals(event.get("detail-type"));
                assertThat(calls || scheduledOrByHand).as(file.toString()).isTrue();
            }
        }
    }

    @Test
    void aCallWithoutItsNameIsRefusedNamingTheField() {
        Map<String, Object> event = event("events/member-stop-logging.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = new HashMap<>((Map<String, Object>) event.get("detail"));
        detail.remove("eventName");
        event.put("detail", detail);

        assertThatThrownBy(() -> CloudTrailEvents.read(event))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the event detail.eventName is missing or not text (null)");
    }

    @Test
    void theDeniedStopLoggingEventIsAFailedCallWithItsErrorCode() {
        ApiCall call = CloudTrailEvents.read(event("events/member-stop-logging-denied.json")).orElseThrow().calls().get(0);

        assertThat(call.eventName()).isEqualTo("StopLogging");
        assertThat(call.failed()).isTrue();
        assertThat(call.errorCode()).isEqualTo("AccessDenied");
    }

    /** One bad record must not lose its batch: it is skipped, named by its sequence number, and the rest are read. */
    @Test
    void aKinesisRecordThatIsNotAnEventBridgeEventIsSkippedNamingItsSequenceNumber() {
        String scheduled = Base64.getEncoder().encodeToString(
                Json.write(event("events/scheduled.json")).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> batch = Map.of("Records", List.of(record("%%%", "49-bad-base64"), record(scheduled, "49-scheduled"),
                record(stopLoggingData(), "49-good")));

        CloudTrailEvents.Batch read = CloudTrailEvents.read(batch).orElseThrow();

        assertThat(read.calls()).extracting(ApiCall::eventName).containsExactly("StopLogging");
        assertThat(read.skipped()).satisfiesExactly(
                a -> assertThat(a).startsWith("record 49-bad-base64 skipped: Records[0].kinesis.data is not an EventBridge event as base64 JSON"),
                b -> assertThat(b).startsWith("record 49-scheduled skipped: ")
                        .contains("Records[1] has detail-type Scheduled Event, not 'AWS API Call via CloudTrail'"));
    }

    static String stopLoggingData() {
        return Base64.getEncoder().encodeToString(Json.write(event("events/member-stop-logging.json")).getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> record(String data, String sequenceNumber) {
        return Map.of("eventSource", "aws:kinesis", "kinesis", Map.of("data", data, "sequenceNumber", sequenceNumber));
    }
}
