package dev.trailauditor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.Failures;
import dev.trailauditor.config.HistoryLocation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Each run's report kept in S3 as evidence, and the previous one read back to say what changed. Everything here is a
 * side task: what goes wrong becomes a warning in the report, never a failed run, and never loses the report.
 */
public final class ReportHistory {
    /** Each call's own limit: reading comes before the audit, writing within the time kept back for the report. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** What the function's role needs on the history prefix, and nothing else (no listing, no deleting). */
    public static final List<String> PERMISSIONS = List.of("s3:GetObject", "s3:PutObject");

    private final Optional<S3Client> s3;
    private final Optional<HistoryLocation> location;
    private final String bucketOwner;

    private ReportHistory(Optional<S3Client> s3, Optional<HistoryLocation> location, String bucketOwner) {
        this.s3 = s3;
        this.location = location;
        this.bucketOwner = bucketOwner;
    }

    /**
     * @param region      where the history bucket is: the function's own region, where the template creates it
     * @param bucketOwner the history bucket's owner, named in every call ({@code AuditConfig#bucketOwner})
     */
    public static ReportHistory at(Optional<HistoryLocation> location, AwsClients clients, String region, String bucketOwner) {
        return new ReportHistory(location.map(l -> clients.s3(region)), location, bucketOwner);
    }

    /** The scope of the central policies in {@code checkedAt}, beside the account ids. */
    public static final String CENTRAL_POLICIES = "central";

    /** The previous report as read ({@code report} null when there is none to read), and why not. */
    public record Previous(JsonNode report, String warning) {
        static final Previous NONE = new Previous(null, null);

        /**
         * When each account and the central policies were last checked, by any run (latest.json's {@code checkedAt}):
         * what paces event-driven re-checks across cold starts. A time that is not one is left out.
         */
        public Map<String, Instant> checkedAt() {
            Map<String, Instant> checked = new HashMap<>();
            if (report != null) {
                report.path("checkedAt").fields().forEachRemaining(e -> {
                    try {
                        checked.put(e.getKey(), Instant.parse(e.getValue().asText()));
                    } catch (DateTimeParseException notATime) {
                        // left out: that scope is then re-checked at once
                    }
                });
            }
            return checked;
        }
    }

    /** Reads {@code latest.json}. Never throws: a missing or unreadable previous report is a warning. */
    public Previous previous() {
        if (location.isEmpty()) {
            return Previous.NONE;
        }
        String uri = location.get().uri(location.get().latestKey());
        try {
            byte[] bytes = s3.orElseThrow().getObjectAsBytes(r -> r.bucket(location.get().bucket())
                    .expectedBucketOwner(bucketOwner).key(location.get().latestKey()).overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT))).asByteArray();
            return new Previous(Json.MAPPER.readTree(bytes), null);
        } catch (IOException e) {
            return new Previous(null, "the previous report " + uri + " is not JSON (" + e.getMessage()
                    + "): every finding is counted as new");
        } catch (RuntimeException e) {
            // S3 answers AccessDenied, not NoSuchKey, for a key that does not exist to a role without s3:ListBucket,
            // which this role is not given (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
            return new Previous(null, "no previous report could be read at " + uri + " (" + Failures.describe(e)
                    + "; on a first run the key does not exist yet): every finding is counted as new");
        }
    }

    /**
     * The report classified against the previous one. A previous report that is not one is a warning.
     *
     * @param registry every registered account: accounts in the previous report and no longer here were removed
     */
    public Report compare(Report report, Previous previous, Collection<String> registry) {
        if (location.isEmpty()) {
            return report;
        }
        List<String> warnings = new ArrayList<>();
        Optional.ofNullable(previous.warning()).ifPresent(warnings::add);
        Optional<RunRecord> before = Optional.empty();
        if (previous.report() != null) {
            try {
                before = Optional.of(RunRecord.of(previous.report()));
            } catch (IllegalArgumentException e) {
                warnings.add("the previous report " + location.get().uri(location.get().latestKey()) + " is not a report ("
                        + e.getMessage() + "): every finding is counted as new");
            }
        }
        return report.withChanges(ChangeClassifier.classify(before, RunRecord.of(report), registry), warnings);
    }

    /**
     * Writes the report to {@code runs/YYYY/MM/DD/<run-id>.json}, then {@code latest.json}. After a targeted re-check,
     * latest.json keeps the previous report's other registered accounts, so the next run compares each account with
     * the last time it was audited. Never throws: a failed write is a warning in the returned report.
     */
    public Report keep(Report report, Previous previous, Collection<String> registry) {
        if (location.isEmpty()) {
            return report;
        }
        HistoryLocation at = location.get();
        String runKey = at.runKey(report.startedAt(), report.runId());
        ObjectNode kept = Json.MAPPER.valueToTree(report.withEvidence(at.uri(runKey), List.of()));
        kept.remove("publication"); // not yet sent: the log's outcome line says what became of it
        try {
            put(runKey, kept);
        } catch (RuntimeException e) {
            return report.withEvidence(null, List.of("the report could not be kept at " + at.uri(runKey) + ": "
                    + Failures.describe(e)));
        }
        try {
            put(at.latestKey(), latest(kept, previous.report(), registry));
            return report.withEvidence(at.uri(runKey), List.of());
        } catch (RuntimeException e) {
            return report.withEvidence(at.uri(runKey), List.of(at.uri(at.latestKey()) + " could not be updated ("
                    + Failures.describe(e) + "): the next run compares itself with an older report"));
        }
    }

    /**
     * The report the next run compares with: this one, plus the accounts a targeted re-check left out, as last seen,
     * and when each account and the central policies were last checked ({@code checkedAt}).
     */
    static JsonNode latest(ObjectNode report, JsonNode previous, Collection<String> registry) {
        Set<String> audited = new HashSet<>();
        report.path("accounts").forEach(a -> audited.add(a.path("accountId").asText()));
        ObjectNode latest = report.deepCopy();
        ObjectNode checkedAt = latest.putObject("checkedAt");
        String startedAt = report.path("startedAt").asText();
        if (previous != null) {
            previous.path("checkedAt").fields().forEachRemaining(e -> {
                if (registry.contains(e.getKey())) {
                    checkedAt.set(e.getKey(), e.getValue());
                }
            });
        }
        audited.forEach(id -> checkedAt.put(id, startedAt));
        checkedAt.put(CENTRAL_POLICIES, startedAt);
        if (previous == null || audited.containsAll(registry)) {
            return latest;
        }
        ArrayNode accounts = latest.withArray("accounts");
        ArrayNode carried = latest.putObject("carriedOver").put("fromRun", previous.path("runId").asText())
                .putArray("accounts");
        for (JsonNode account : previous.path("accounts")) {
            String id = account.path("accountId").asText();
            if (registry.contains(id) && !audited.contains(id)) {
                accounts.add(account);
                carried.add(id);
            }
        }
        return latest;
    }

    private void put(String key, JsonNode report) {
        s3.orElseThrow().putObject(r -> r.bucket(location.orElseThrow().bucket()).expectedBucketOwner(bucketOwner).key(key)
                        .contentType("application/json")
                        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)),
                RequestBody.fromString(Json.write(report)));
    }
}
