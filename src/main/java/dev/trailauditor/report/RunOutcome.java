package dev.trailauditor.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last log line of a run: whether the report went out, and the run's figures as CloudWatch
 * metrics in the embedded metric format (EMF), which CloudWatch Logs turns into metrics with no
 * API call and no extra permission
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * Lambda passes a line that is already JSON through unchanged in its JSON log format
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html).
 *
 * <p>{@code RunFailed} is the signal an alarm watches: 1 when the run could not do its job (the
 * email could not be sent). A metric rather than a failed invocation, because the schedule invokes
 * asynchronously and Lambda retries a failed asynchronous invocation twice, which would run the
 * audit and its repairs twice more (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
 */
public final class RunOutcome {
    public static final String NAMESPACE = "TrailAuditor";
    public static final String DIMENSION = "FunctionName";

    private RunOutcome() {}

    /** @param functionName the function's name (Lambda sets AWS_LAMBDA_FUNCTION_NAME), the metrics' one dimension */
    public static String line(Report report, String functionName) {
        Totals totals = report.totals();
        Map<String, Integer> metrics = new LinkedHashMap<>();
        metrics.put("RunFailed", report.runFailed() ? 1 : 0);
        metrics.put("AccountsDrifted", totals.drifted());
        metrics.put("AccountsUnreachable", totals.unreachable());
        metrics.put("AccountsRepaired", totals.repaired());
        metrics.put("ChecksFailed", totals.checksFailed());
        metrics.put("ChecksUnreachable", totals.checksUnreachable());

        ObjectNode line = Json.MAPPER.createObjectNode().put("runId", report.runId()).put("runFailed", report.runFailed());
        line.set("publication", Json.MAPPER.valueToTree(report.publication()));
        line.put(DIMENSION, functionName);
        metrics.forEach(line::put);

        ObjectNode directive = Json.MAPPER.createObjectNode().put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add(DIMENSION);
        ArrayNode definitions = directive.putArray("Metrics");
        metrics.keySet().forEach(name -> definitions.addObject().put("Name", name).put("Unit", "Count"));
        ObjectNode aws = line.putObject("_aws").put("Timestamp", report.finishedAt().toEpochMilli());
        aws.putArray("CloudWatchMetrics").add(directive);
        return Json.write(line);
    }
}
