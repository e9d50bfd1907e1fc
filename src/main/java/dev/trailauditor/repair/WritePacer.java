package dev.trailauditor.repair;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Keeps CloudTrail writes within its rate (about one write call per second per account and
 * region) and retries throttling with exponential backoff. Time comes from a clock and a
 * sleeper, so tests pass time without waiting.
 */
public final class WritePacer {
    /** Waits; the real one sleeps the thread, a test one advances a clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final int ATTEMPTS = 4;

    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<String, Instant> lastWrite = new HashMap<>();

    public WritePacer(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Runs one write for that account and region, after its turn, retrying while it is throttled. */
    public synchronized <T> T write(String account, String region, Supplier<T> call) {
        String lane = account + "/" + region;
        Duration backoff = INTERVAL;
        for (int attempt = 1; ; attempt++) {
            waitForTurn(lane);
            try {
                return call.get();
            } catch (SdkException e) {
                if (!isThrottling(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private void waitForTurn(String lane) {
        Instant last = lastWrite.get(lane);
        if (last != null) {
            Duration wait = Duration.between(clock.instant(), last.plus(INTERVAL));
            if (!wait.isNegative() && !wait.isZero()) {
                pause(wait);
            }
        }
        lastWrite.put(lane, clock.instant());
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pacing CloudTrail writes", e);
        }
    }

    private static boolean isThrottling(SdkException e) {
        return e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service && service.isThrottlingException();
    }
}
