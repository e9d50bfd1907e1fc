package dev.trailauditor.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How event-driven re-checks are paced, and where the failed calls they do not start are kept.
 *
 * @param recheckInterval an account (or the central policies) is re-checked at most once in this long: a later call is
 *                        coalesced into a re-check that waits until the interval has passed, never dropped
 * @param failedCallsQueue the SQS queue (its URL) the failed calls on the watched trails and policies are sent to, which
 *                         each run reads and lists in its report; empty: none is kept (no event path)
 */
public record EventPath(Duration recheckInterval, Optional<FailedCallsQueue> failedCallsQueue) {

    public static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofMinutes(5);
    public static final EventPath DEFAULT = new EventPath(DEFAULT_RECHECK_INTERVAL, Optional.empty());

    /** A queue URL as SQS gives it ({@code https://sqs.<region>.amazonaws.com/<account>/<name>}), taken apart once. */
    public record FailedCallsQueue(String url, String region, String accountId) {}
}
