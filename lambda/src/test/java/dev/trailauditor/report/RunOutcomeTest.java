package dev.trailauditor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outcome line is an embedded-metric-format document CloudWatch can extract the agreed metrics from. */
class RunOutcomeTest {
    private static final Instant FINISHED = Instant.parse("2026-11-29T03:01:00Z");

    /** Every metric the directive declares, name to unit; each checked to be a number on the root. */
    static Map<String, String> declaredMetrics(JsonNode line) {
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("TrailAuditor");
        assertThat(directive.get("Dimensions")).hasSize(1);
        assertThat(directive.at("/Dimensions/0")).hasSize(1);
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("FunctionName");
        assertThat(line.get("FunctionName").isTextual()).isTrue();
        Map<String, String> units = new LinkedHashMap<>();
        for (JsonNode metric : directive.get("Metrics")) {
            String name = metric.get("Name").asText();
            assertThat(line.get(name)).as("EMF: a declared metric must be on the root: " + name).isNotNull();
            assertThat(line.get(name).isNumber()).as(name).isTrue();
            units.put(name, metric.get("Unit").asText());
        }
        return units;
    }

    @Test
    void aRunWithAReportDeclaresTheWholeContractWithItsUnits() throws Exception {
        Report report = Report.of("run-1", "audit", FINISHED.minusSeconds(60), FINISHED,
                CentralReport.of("b", "arn:aws:kms:eu-west-1:111111111111:key/k", List.of(), List.of()), List.of())
                .withPublication(new Publication(Publication.State.FAILED, "t", "s", null, "AccessDenied"));

        JsonNode line = Json.MAPPER.readTree(RunOutcome.line(report, "trail-auditor-AuditFunction-1", Duration.ofMillis(1500)));

        // The contract agreed with the template's alarms and dashboard, written out here rather than read from RunMetric.
        Map<String, String> contract = new LinkedHashMap<>();
        for (String count : List.of("RunFailed", "RunCompleted", "AccountsAudited", "AccountsCompliant", "AccountsDrifted",
                "AccountsUnreachable", "AccountsRepaired", "CentralPoliciesCompliant", "ChecksFailed", "ChecksUnreachable",
                "FailedCalls")) {
            contract.put(count, "Count");
        }
        contract.put("RunDuration", "Milliseconds");
        assertThat(declaredMetrics(line)).containsExactlyInAnyOrderEntriesOf(contract);
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(FINISHED.toEpochMilli());
        assertThat(line.get("FunctionName").asText()).isEqualTo("trail-auditor-AuditFunction-1");
        assertThat(line.get("RunFailed").asInt()).isEqualTo(1);
        assertThat(line.get("RunCompleted").asInt()).as("the email did not go out").isEqualTo(0);
        assertThat(line.get("RunDuration").asDouble()).isEqualTo(1500.0);
        assertThat(line.get("CentralPoliciesCompliant").asInt()).as("no central check failed").isEqualTo(1);
        assertThat(line.at("/publication/error").asText()).isEqualTo("AccessDenied");
    }

    /** Failed calls handed to an invocation that starts no run: counted, and no run metric, so no alarm sees a run. */
    @Test
    void failedCallsWithoutARunAreCountedAlone() throws Exception {
        JsonNode line = Json.MAPPER.readTree(RunOutcome.failedCallsLine("run-3", 2, "trail-auditor", FINISHED));

        assertThat(declaredMetrics(line)).containsExactly(Map.entry("FailedCalls", "Count"));
        assertThat(line.get("FailedCalls").asInt()).isEqualTo(2);
        assertThat(line.get("rechecked").asBoolean()).isFalse();
    }

    @Test
    void aRunThatBrokeOffCarriesTheOutcomeAndDurationButNoAccountFigures() throws Exception {
        RunFailure failure = RunFailure.configuration("run-2", "Invalid configuration:\n  - LOG_PREFIX is bad", FINISHED);
        Publication sent = new Publication(Publication.State.SENT, "arn:aws:sns:eu-west-1:111111111111:t", "s", "m-1", null);

        JsonNode line = Json.MAPPER.readTree(RunOutcome.line(failure, sent, "trail-auditor", Duration.ofNanos(250_000)));

        assertThat(declaredMetrics(line)).containsExactly(Map.entry("RunFailed", "Count"), Map.entry("RunCompleted", "Count"),
                Map.entry("RunDuration", "Milliseconds"));
        assertThat(line.get("RunFailed").asInt()).isEqualTo(1);
        assertThat(line.get("RunCompleted").asInt()).isEqualTo(0);
        assertThat(line.get("RunDuration").asDouble()).isEqualTo(0.25);
        assertThat(line.has("AccountsAudited")).as("unknown, so left out rather than 0").isFalse();
        assertThat(line.get("runId").asText()).isEqualTo("run-2");
        assertThat(line.at("/failure/kind").asText()).isEqualTo("configuration");
        assertThat(line.at("/failure/error").asText()).contains("LOG_PREFIX is bad");
        assertThat(line.at("/publication/messageId").asText()).isEqualTo("m-1");
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(FINISHED.toEpochMilli());
    }

    @Test
    void aRunCutShortIsNotCompletedEvenWithItsEmailSent() throws Exception {
        Report report = Report.of("run-3", "audit", FINISHED.minusSeconds(60), FINISHED,
                CentralReport.of("b", "k", List.of(), List.of()), List.of()).asCutShort()
                .withPublication(new Publication(Publication.State.SENT, "t", "s", "m", null));

        JsonNode line = Json.MAPPER.readTree(RunOutcome.line(report, "trail-auditor", Duration.ofSeconds(840)));

        assertThat(line.get("RunFailed").asInt()).isEqualTo(1);
        assertThat(line.get("RunCompleted").asInt()).isEqualTo(0);
        assertThat(line.get("cutShort").asBoolean()).isTrue();
        assertThat(report.summary()).startsWith("cut short at the time limit: ");
    }
}
