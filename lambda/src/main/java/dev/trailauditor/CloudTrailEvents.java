package dev.trailauditor;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.trailauditor.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the CloudTrail API calls an invocation carries: one EventBridge event of detail-type
 * {@value #DETAIL_TYPE}, or a batch of them from the audit account's Kinesis stream (each record's data is
 * the EventBridge event as JSON, base64-encoded). Any other event (the nightly schedule, a re-check by
 * hand) carries none. A Kinesis record that is not such an event is skipped and named by its sequence number: one bad
 * record must not lose the rest of its batch.
 */
final class CloudTrailEvents {
    /** What EventBridge calls a CloudTrail API call (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html). */
    static final String DETAIL_TYPE = "AWS API Call via CloudTrail";
    /** What a Kinesis event source mapping names its records' source (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html). */
    static final String KINESIS = "aws:kinesis";

    private CloudTrailEvents() {}

    /**
     * One API call.
     *
     * @param account the account it was made in (the EventBridge event's {@code account}, kept when forwarded to another bus)
     * @param source the service, like {@code cloudtrail.amazonaws.com}
     * @param who {@code userIdentity.arn}, or the identity's type when there is no ARN
     * @param parameters its {@code requestParameters} (the trail, bucket or key it names)
     * @param errorCode the call's {@code errorCode} when it failed (AccessDenied, say), else null: a failed call changed
     *                  nothing (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html)
     */
    record ApiCall(String eventName, String source, String account, String who, String time,
                   Map<String, Object> parameters, String errorCode) {

        boolean failed() {
            return errorCode != null;
        }

        /** A request parameter as text, or empty. */
        Optional<String> parameter(String name) {
            return parameters.get(name) instanceof String value ? Optional.of(value) : Optional.empty();
        }
    }

    /**
     * The calls of one invocation.
     *
     * @param skipped each Kinesis record that is not a CloudTrail API call: its sequence number and what is wrong
     */
    record Batch(List<ApiCall> calls, List<String> skipped) {}

    /**
     * The calls of this invocation, or empty when it carries none (a scheduled or hand-made event). A single event that
     * is not a call fails here (it was sent by hand, and its sender is told); a Kinesis record that is not is skipped.
     */
    static Optional<Batch> read(Map<String, Object> event) {
        if (event == null) {
            return Optional.empty();
        }
        if (DETAIL_TYPE.equals(event.get("detail-type"))) {
            return Optional.of(new Batch(List.of(call(event, "the event")), List.of()));
        }
        if (event.get("Records") instanceof List<?> records && !records.isEmpty() && records.stream()
                .allMatch(r -> r instanceof Map<?, ?> m && KINESIS.equals(m.get("eventSource")))) {
            List<ApiCall> calls = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                Map<?, ?> record = (Map<?, ?>) records.get(i);
                try {
                    calls.add(call(kinesisData(record, i), "Records[" + i + "]"));
                } catch (IllegalArgumentException e) {
                    skipped.add("record " + sequenceNumber(record) + " skipped: " + e.getMessage());
                }
            }
            return Optional.of(new Batch(calls, skipped));
        }
        return Optional.empty();
    }

    /** {@code kinesis.sequenceNumber}, which names the record in the stream (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html). */
    private static String sequenceNumber(Map<?, ?> record) {
        return record.get("kinesis") instanceof Map<?, ?> kinesis && kinesis.get("sequenceNumber") instanceof String number
                ? number : "(no sequence number)";
    }

    /**
     * The calls of EventBridge events as JSON text, each named by an id (an SQS message's, when a rule sent the event
     * to a queue): one that is not a CloudTrail API call is skipped, with its id.
     */
    static Batch ofJson(Map<String, String> eventsById) {
        List<ApiCall> calls = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        eventsById.forEach((id, json) -> {
            try {
                calls.add(call(parse(json, "message " + id), "message " + id));
            } catch (IllegalArgumentException e) {
                skipped.add("message " + id + " skipped: " + e.getMessage());
            }
        });
        return new Batch(calls, skipped);
    }

    private static Map<String, Object> kinesisData(Map<?, ?> record, int index) {
        String where = "Records[" + index + "].kinesis.data";
        if (!(record.get("kinesis") instanceof Map<?, ?> kinesis) || !(kinesis.get("data") instanceof String data)) {
            throw new IllegalArgumentException(where + " is missing: a Kinesis record carries the EventBridge event there");
        }
        try {
            return parse(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8), where);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not an EventBridge event as base64 JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> parse(String json, String where) {
        try {
            Map<String, Object> event = Json.MAPPER.readValue(json, new TypeReference<>() {});
            if (event == null) {
                throw new IllegalArgumentException(where + " is null, not an EventBridge event");
            }
            return event;
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static ApiCall call(Map<?, ?> event, String where) {
        if (!DETAIL_TYPE.equals(event.get("detail-type"))) {
            throw new IllegalArgumentException(where + " has detail-type " + event.get("detail-type") + ", not '"
                    + DETAIL_TYPE + "': only CloudTrail API calls start a re-check");
        }
        if (!(event.get("detail") instanceof Map<?, ?> detail)) {
            throw new IllegalArgumentException(where + " has no detail object");
        }
        Map<?, ?> identity = detail.get("userIdentity") instanceof Map<?, ?> m ? m : Map.of();
        Object who = identity.get("arn") != null ? identity.get("arn") : identity.get("type");
        Object account = event.get("account") != null ? event.get("account") : detail.get("recipientAccountId");
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = detail.get("requestParameters") instanceof Map<?, ?> p
                ? (Map<String, Object>) p : Map.of();
        return new ApiCall(text(detail.get("eventName"), where + " detail.eventName"),
                text(detail.get("eventSource"), where + " detail.eventSource"),
                text(account, where + " account"),
                who == null ? "unknown caller" : who.toString(),
                text(detail.get("eventTime"), where + " detail.eventTime"), parameters,
                detail.get("errorCode") == null ? null : String.valueOf(detail.get("errorCode")));
    }

    private static String text(Object value, String what) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(what + " is missing or not text (" + value + ")");
        }
        return text;
    }
}
