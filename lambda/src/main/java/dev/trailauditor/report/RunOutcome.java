package dev.trailauditor.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The last log line of every invocation that gets that far: whether the run did its job, and its
 * figures as CloudWatch metrics ({@link RunMetric}) in the embedded metric format (EMF), which
 * CloudWatch Logs turns into metrics with no API call and no extra permission
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * Lambda passes a line that is already JSON through unchanged in its JSON log format
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html).
 *
 * <p>{@code RunFailed} and {@code RunCompleted} are in every line, so the alarms on them get a value
 * from every invocation; the line is written whether the run finished, failed to send its email, or
 * broke off. A run that broke off has no account figures: they are left out rather than sent as 0,
 * which a dashboard would show as a night with nothing wrong. The EMF specification lets a line
 * declare only the metrics it carries (each declared metric MUST be on the root).
 */
public final class RunOutcome {
    public static final String NAMESPACE = "TrailAuditor";
    public static final String DIMENSION = "FunctionName";

    private RunOutcome() {}

    /**
     * A run that produced a report. It completed when nothing stopped it doing its job: not cut short, and the
     * email sent (or no topic configured, when the log is where the report goes).
     *
     * @param functionName the function's name (Lambda sets AWS_LAMBDA_FUNCTION_NAME), the metrics' one dimension
     * @param took the invocation's wall time so far
     */
    public static String line(Report report, String functionName, Duration took) {
        Totals totals = report.totals();
        Map<RunMetric, Number> metrics = outcome(report.runFailed(), took);
        metrics.put(RunMetric.ACCOUNTS_AUDITED, totals.accounts());
        metrics.put(RunMetric.ACCOUNTS_COMPLIANT, totals.compliant());
        metrics.put(RunMetric.ACCOUNTS_DRIFTED, totals.drifted());
        metrics.put(RunMetric.ACCOUNTS_UNREACHABLE, totals.unreachable());
        metrics.put(RunMetric.ACCOUNTS_REPAIRED, totals.repaired());
        Status central = report.central().status();
        metrics.put(RunMetric.CENTRAL_POLICIES_COMPLIANT, central == Status.COMPLIANT || central == Status.REPAIRED ? 1 : 0);
        metrics.put(RunMetric.CHECKS_FAILED, totals.checksFailed());
        metrics.put(RunMetric.CHECKS_UNREACHABLE, totals.checksUnreachable());
        metrics.put(RunMetric.FAILED_CALLS, report.failedCalls() == null ? 0 : report.failedCalls().count());

        ObjectNode line = Json.MAPPER.createObjectNode().put("runId", report.runId()).put("runFailed", report.runFailed())
                .put("cutShort", report.cutShort());
        line.set("publication", Json.MAPPER.valueToTree(report.publication()));
        return emf(line, functionName, metrics, report.finishedAt());
    }

    /** A run that broke off without a report: why, what became of the failure message, and no account figures. */
    public static String line(RunFailure failure, Publication publication, String functionName, Duration took) {
        ObjectNode line = Json.MAPPER.createObjectNode().put("runId", failure.runId()).put("runFailed", true);
        line.putObject("failure").put("kind", failure.kind().label()).put("error", failure.error());
        line.set("publication", Json.MAPPER.valueToTree(publication));
        return emf(line, functionName, outcome(true, took), failure.at());
    }

    /**
     * An invocation that started no run, handed failed calls: only their count, so the run metrics (and the alarms on
     * them) see no run.
     */
    public static String failedCallsLine(String runId, int failedCalls, String functionName, Instant at) {
        Map<RunMetric, Number> metrics = new EnumMap<>(RunMetric.class);
        metrics.put(RunMetric.FAILED_CALLS, failedCalls);
        return emf(Json.MAPPER.createObjectNode().put("runId", runId).put("rechecked", false), functionName, metrics, at);
    }

    private static Map<RunMetric, Number> outcome(boolean failed, Duration took) {
        Map<RunMetric, Number> metrics = new EnumMap<>(RunMetric.class);
        metrics.put(RunMetric.RUN_FAILED, failed ? 1 : 0);
        metrics.put(RunMetric.RUN_COMPLETED, failed ? 0 : 1);
        // Fractional milliseconds: even a run that fails at once has a duration above 0.
        metrics.put(RunMetric.RUN_DURATION, took.toNanos() / 1_000_000.0);
        return metrics;
    }

    private static String emf(ObjectNode line, String functionName, Map<RunMetric, Number> metrics, Instant at) {
        line.put(DIMENSION, functionName);
        metrics.forEach((metric, value) -> line.set(metric.metricName(), Json.MAPPER.valueToTree(value)));
        ObjectNode directive = Json.MAPPER.createObjectNode().put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add(DIMENSION);
        ArrayNode definitions = directive.putArray("Metrics");
        metrics.keySet().forEach(metric -> definitions.addObject().put("Name", metric.metricName())
                .put("Unit", metric.unit().cloudWatchName()));
        ObjectNode aws = line.putObject("_aws").put("Timestamp", at.toEpochMilli());
        aws.putArray("CloudWatchMetrics").add(directive);
        return Json.write(line);
    }
}
