package dev.trailauditor.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * An exception that broke a run off, as one JSON log line with its stack trace and causes: one log
 * event (a printed stack trace would be one event per line), found again by the run id. It holds
 * class names, messages and frames, nothing the run was configured or authenticated with.
 */
public final class FailureLog {
    private FailureLog() {}

    public static String line(String runId, Throwable thrown) {
        ObjectNode line = Json.MAPPER.createObjectNode().put("runId", runId).put("level", "ERROR")
                .put("error", thrown.getClass().getName() + ": " + thrown.getMessage());
        ArrayNode trace = line.putArray("stackTrace");
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (t != thrown) {
                trace.add("Caused by: " + t.getClass().getName() + ": " + t.getMessage());
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                trace.add("at " + frame);
            }
        }
        return Json.write(line);
    }
}
