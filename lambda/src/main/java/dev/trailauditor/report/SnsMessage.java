package dev.trailauditor.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailauditor.config.Repairs;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * One SNS publish of a report: text for email subscribers, a JSON summary for every other protocol (SQS, Lambda,
 * HTTP/S, email-json), and message attributes subscribers filter on.
 *
 * <p>With {@code MessageStructure} json the message is a JSON object whose {@code default} string goes to every
 * protocol without a key of its own, and {@code email} to email subscribers
 * (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). The summary is the default, so the long text is in
 * the message once. SNS counts the message and every attribute's name, type and value against one limit of 262,144
 * bytes (https://docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html); {@link #fits} checks the whole.
 * SNS delivers attributes to endpoints only with a String message structure, not JSON
 * (https://docs.aws.amazon.com/sns/latest/dg/SNSMessageAttributes.html): filter policies still read them at publish,
 * and the summary repeats them for the subscriber.
 */
record SnsMessage(String message, Map<String, MessageAttributeValue> attributes) {
    /** SNS's default limit for one publish: message and attributes together. */
    static final int LIMIT_BYTES = 262_144;
    /** New findings named in the summary; the report kept in S3 (its {@code evidence}) has them all. */
    static final int SUMMARY_FINDINGS = 50;

    static SnsMessage of(String emailText, ObjectNode summary) {
        ObjectNode message = Json.MAPPER.createObjectNode().put("default", Json.write(summary)).put("email", emailText);
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        summary.fields().forEachRemaining(field -> {
            if (ATTRIBUTES.contains(field.getKey())) {
                attributes.put(field.getKey(), attribute(field.getValue().isNumber() ? "Number" : "String",
                        field.getValue().asText()));
            }
        });
        summary.path("changes").fields().forEachRemaining(field -> {
            if (field.getValue().isNumber()) {
                attributes.put(field.getKey(), attribute("Number", field.getValue().asText()));
            }
        });
        return new SnsMessage(Json.write(message), attributes);
    }

    /** The summary fields also sent as attributes, besides the counts of {@code changes}. */
    private static final List<String> ATTRIBUTES = List.of("verdict", "centralPolicyMode", "trailMode");

    private static MessageAttributeValue attribute(String type, String value) {
        return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
    }

    int bytes() {
        return utf8(message) + attributes.entrySet().stream()
                .mapToInt(a -> utf8(a.getKey()) + utf8(a.getValue().dataType()) + utf8(a.getValue().stringValue())).sum();
    }

    boolean fits() {
        return bytes() <= LIMIT_BYTES;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The summary of a finished run: its verdict, modes, figures, what changed, and where the full report is. */
    static ObjectNode summary(Report report, Repairs repairs) {
        ObjectNode summary = Json.MAPPER.createObjectNode().put("runId", report.runId())
                .put("startedAt", report.startedAt().toString()).put("verdict", verdict(report))
                .put("summary", report.summary());
        modes(summary, repairs);
        summary.put("runFailed", report.runFailed()).put("cutShort", report.cutShort());
        summary.set("totals", Json.MAPPER.valueToTree(report.totals()));
        Changes changes = report.changes();
        if (changes != null) {
            ObjectNode counts = summary.putObject("changes");
            if (changes.since() != null) {
                counts.set("since", Json.MAPPER.valueToTree(changes.since()));
            }
            counts.put("new", changes.newDrift().size()).put("stillOpen", changes.stillOpen().size())
                    .put("repaired", changes.repaired().size()).put("resolved", changes.resolved().size());
            counts.set("accountsAdded", Json.MAPPER.valueToTree(changes.accountsAdded()));
            counts.set("accountsRemoved", Json.MAPPER.valueToTree(changes.accountsRemoved()));
            summary.set("newFindings", Json.MAPPER.valueToTree(changes.newDrift().stream().limit(SUMMARY_FINDINGS).toList()));
        }
        if (!report.warnings().isEmpty()) {
            summary.set("warnings", Json.MAPPER.valueToTree(report.warnings()));
        }
        Optional.ofNullable(report.evidence()).ifPresent(uri -> summary.put("evidence", uri));
        return summary;
    }

    /** The summary of a run that ended without a report. */
    static ObjectNode summary(RunFailure failure, Optional<Repairs> repairs) {
        ObjectNode summary = Json.MAPPER.createObjectNode().put("runId", failure.runId())
                .put("startedAt", failure.at().toString()).put("verdict", "FAILED");
        repairs.ifPresent(r -> modes(summary, r));
        summary.put("runFailed", true);
        summary.putObject("failure").put("kind", failure.kind().label()).put("error", failure.error());
        return summary;
    }

    private static void modes(ObjectNode summary, Repairs repairs) {
        summary.put("centralPolicyMode", repairs.central().id()).put("trailMode", repairs.trails().id());
    }

    /** FAILED when the run could not do its job; else the worst state of the central policies and every account. */
    static String verdict(Report report) {
        if (report.runFailed()) {
            return "FAILED";
        }
        return Stream.concat(Stream.of(report.central().status()), report.accounts().stream().map(AccountReport::status))
                .min(Comparator.naturalOrder()).orElse(Status.COMPLIANT).name();
    }
}
