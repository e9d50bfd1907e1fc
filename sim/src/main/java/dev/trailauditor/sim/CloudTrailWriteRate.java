package dev.trailauditor.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudTrail's limit on mutating calls (StartLogging, StopLogging, CreateTrail, UpdateTrail,
 * PutEventSelectors, ...): about one per second per account and region. Off unless the fleet
 * enforces it, so tests that do not care about pacing stay simple.
 */
final class CloudTrailWriteRate {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Clock clock;
    /** When each account+region last had a write admitted; throttled calls do not count. */
    private final Map<String, Instant> lastAdmitted = new ConcurrentHashMap<>();
    private volatile boolean enforced;

    CloudTrailWriteRate(Clock clock) {
        this.clock = clock;
    }

    void enforce() {
        enforced = true;
    }

    /** Throws CloudTrail's ThrottlingException if this account+region wrote less than a second ago. */
    void admit(String accountId, String region) {
        if (!enforced) {
            return;
        }
        Instant now = clock.instant();
        boolean[] admitted = {false};
        lastAdmitted.compute(accountId + "/" + region, (key, last) -> {
            admitted[0] = last == null || !now.isBefore(last.plus(INTERVAL));
            return admitted[0] ? now : last;
        });
        if (!admitted[0]) {
            throw SimService.CLOUDTRAIL.throttling();
        }
    }
}
