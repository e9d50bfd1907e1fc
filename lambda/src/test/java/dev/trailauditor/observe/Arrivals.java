package dev.trailauditor.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What the central bucket holds of a member's files, for tests that build snapshots by hand. */
public final class Arrivals {
    private Arrivals() {}

    /** A log file and a digest file that arrived ten minutes before {@code now}, the log SSE-KMS with {@code keyArn}. */
    public static Observation<LogArrival> fresh(Instant now, String keyArn) {
        Instant arrived = now.minus(Duration.ofMinutes(10));
        return Observation.of(new LogArrival(
                new LogArrival.Newest("AWSLogs/222222222222/CloudTrail/eu-west-1/", Optional.of(
                        new LogArrival.StoredObject("AWSLogs/222222222222/CloudTrail/eu-west-1/log.json.gz", arrived))),
                Optional.of(new LogArrival.Encryption("aws:kms", keyArn)),
                Optional.of(new LogArrival.Newest("AWSLogs/222222222222/CloudTrail-Digest/eu-west-1/", Optional.of(
                        new LogArrival.StoredObject("AWSLogs/222222222222/CloudTrail-Digest/eu-west-1/digest.json.gz", arrived))))));
    }
}
