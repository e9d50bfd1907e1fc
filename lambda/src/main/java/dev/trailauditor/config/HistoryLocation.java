package dev.trailauditor.config;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where each run's JSON report is kept: {@code <prefix>runs/YYYY/MM/DD/<run-id>.json} (by the run's UTC start) and
 * {@code <prefix>latest.json}, the report the next run compares itself with.
 *
 * @param prefix empty, or ending in '/'
 */
public record HistoryLocation(String bucket, String prefix) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    public HistoryLocation {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a history prefix ends with '/': " + prefix);
        }
    }

    public String latestKey() {
        return prefix + "latest.json";
    }

    public String runKey(Instant startedAt, String runId) {
        return prefix + "runs/" + DAY.format(startedAt) + "/" + runId + ".json";
    }

    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
