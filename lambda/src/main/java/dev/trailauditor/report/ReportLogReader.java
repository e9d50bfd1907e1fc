package dev.trailauditor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts reports back together from the function's log lines, the inverse of {@link ReportLog}: a
 * run line, a central line and one line per account, joined by {@code runId}, and the outcome line
 * (whether the email went out) when there is one. Any other line of the log is ignored.
 */
public final class ReportLogReader {
    private final Map<String, RunLines> runs = new LinkedHashMap<>();

    /** The lines of one run seen so far. */
    private static final class RunLines {
        ObjectNode run;
        ObjectNode central;
        ObjectNode outcome;
        final Map<String, ObjectNode> accounts = new LinkedHashMap<>();
        final List<ObjectNode> changes = new ArrayList<>();

        int expectedAccounts() {
            return run.path("totals").path("accounts").asInt();
        }

        boolean complete() {
            return run != null && central != null && accounts.size() == expectedAccounts();
        }

        Instant startedAt() {
            return Instant.parse(run.path("startedAt").asText());
        }
    }

    /** A run whose lines are not all there: it may have timed out, or its lines are older than the search. */
    public record Incomplete(String runId, Instant startedAt, int accountLines, int accounts) {}

    /** Takes one log event's message, in log order. */
    public void accept(String message) {
        ObjectNode line = reportLine(message);
        if (line == null) {
            return;
        }
        RunLines run = runs.computeIfAbsent(line.get("runId").asText(), id -> new RunLines());
        if (line.has("_aws")) {
            run.outcome = line;
        } else if (line.has("central")) {
            run.central = line;
        } else if (line.has("changes") && !line.has("totals")) {
            run.changes.add((ObjectNode) line.get("changes"));
        } else if (line.has("account")) {
            run.accounts.put(line.path("account").path("accountId").asText(), line);
        } else if (line.has("startedAt") && line.has("totals")) {
            run.run = line;
        }
    }

    /** The newest run (by start time) whose lines are all there, as the report it logged. */
    public Optional<Report> newestComplete() {
        return runs.values().stream().filter(RunLines::complete).max(Comparator.comparing(RunLines::startedAt))
                .map(ReportLogReader::assemble);
    }

    /** Runs newer than the newest complete one whose lines are not all there. */
    public List<Incomplete> newerIncomplete() {
        Instant newest = runs.values().stream().filter(RunLines::complete).map(RunLines::startedAt)
                .max(Comparator.naturalOrder()).orElse(Instant.MIN);
        return runs.entrySet().stream()
                .filter(e -> e.getValue().run != null && !e.getValue().complete() && e.getValue().startedAt().isAfter(newest))
                .map(e -> new Incomplete(e.getKey(), e.getValue().startedAt(), e.getValue().accounts.size(),
                        e.getValue().expectedAccounts()))
                .toList();
    }

    /** The run line with the central block (its own checks, then each account's) and the accounts put back. */
    private static Report assemble(RunLines lines) {
        ObjectNode whole = lines.run.deepCopy();
        ObjectNode central = (ObjectNode) lines.central.get("central").deepCopy();
        ArrayNode checks = central.withArray("checks");
        ArrayNode accounts = whole.putArray("accounts");
        lines.accounts.values().forEach(line -> {
            accounts.add(line.get("account"));
            line.path("centralChecks").forEach(checks::add);
        });
        whole.set("central", central);
        if (whole.get("changes") instanceof ObjectNode changes) {
            for (String list : List.of("new", "stillOpen", "repaired", "resolved")) {
                ArrayNode all = changes.putArray(list);
                lines.changes.forEach(part -> part.path(list).forEach(all::add));
            }
        }
        if (lines.outcome != null) {
            whole.put("runFailed", lines.outcome.path("runFailed").asBoolean(whole.path("runFailed").asBoolean()));
            if (lines.outcome.has("publication")) {
                whole.set("publication", lines.outcome.get("publication"));
            }
        }
        try {
            return Json.MAPPER.treeToValue(whole, Report.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("run " + whole.path("runId").asText()
                    + ": its log lines do not make a report: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A line of the report, or null. Lambda passes a line that is already JSON through unchanged
     * even in its JSON log format; a line it wrapped (plain text in JSON format) carries ours in "message"
     * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html).
     */
    private static ObjectNode reportLine(String message) {
        JsonNode line = json(message);
        if (line != null && !line.hasNonNull("runId") && line.path("message").isTextual()) {
            line = json(line.get("message").asText());
        }
        return line instanceof ObjectNode object && object.path("runId").isTextual() ? object : null;
    }

    private static JsonNode json(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!trimmed.startsWith("{")) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
