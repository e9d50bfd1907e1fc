package dev.trailauditor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outcome line is an embedded-metric-format document CloudWatch can extract metrics from. */
class RunOutcomeTest {

    @Test
    void everyDeclaredMetricIsANumberOnTheRootAndTheDimensionIsSet() throws Exception {
        Instant finished = Instant.parse("2026-11-29T03:01:00Z");
        Report report = Report.of("run-1", "audit", finished.minusSeconds(60), finished,
                CentralReport.of("b", "arn:aws:kms:eu-west-1:111111111111:key/k", List.of(), List.of()), List.of())
                .withPublication(new Publication(Publication.State.FAILED, "t", "s", null, "AccessDenied"));

        JsonNode line = Json.MAPPER.readTree(RunOutcome.line(report, "trail-auditor-AuditFunction-1"));

        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(finished.toEpochMilli());
        assertThat(directive.get("Namespace").asText()).isEqualTo("TrailAuditor");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("FunctionName");
        assertThat(line.get("FunctionName").asText()).isEqualTo("trail-auditor-AuditFunction-1");
        assertThat(directive.get("Metrics")).isNotEmpty().allSatisfy(metric -> {
            assertThat(metric.get("Unit").asText()).isEqualTo("Count");
            assertThat(line.get(metric.get("Name").asText()).isIntegralNumber()).as(metric.toString()).isTrue();
        });
        assertThat(line.get("RunFailed").asInt()).isEqualTo(1);
        assertThat(line.at("/publication/error").asText()).isEqualTo("AccessDenied");
    }
}
