package dev.trailauditor.repair;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
    /** One lane per account and region: writes to different lanes never wait for each other. */
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** The time of a lane's last write; its lock orders the lane's writes. */
    private static final class Lane {
        private Instant lastWrite;
    }

    public WritePacer(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Thrown instead of writing when the write's turn would come after the run's deadline. */
    public static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super("the run's time budget ran out", null, false, false);
        }
    }

    /**
     * Runs one write for that account and region, after its turn, retrying while it is throttled;
     * no attempt starts after {@code deadline}.
     */
    public <T> T write(String account, String region, Instant deadline, Supplier<T> call) {
        Lane lane = lanes.computeIfAbsent(account + "/" + region, key -> new Lane());
        synchronized (lane) {
            Duration backoff = INTERVAL;
            for (int attempt = 1; ; attempt++) {
                waitForTurn(lane);
                if (clock.instant().isAfter(deadline)) {
                    throw new OutOfTime();
                }
                T result;
                try {
                    result = call.get();
                } catch (SdkException e) {
                    lane.lastWrite = clock.instant();
                    if (!isThrottling(e) || attempt == ATTEMPTS) {
                        throw e;
                    }
                    pause(backoff);
                    backoff = backoff.multipliedBy(2);
                    continue;
                }
                lane.lastWrite = clock.instant();
                return result;
            }
        }
    }

    /**
     * A lane's next write goes out a full interval after the previous one came back: CloudTrail
     * received that one at the latest when it answered, so the two arrive an interval apart
     * whatever the latency, and throttling stays the exception.
     */
    private void waitForTurn(Lane lane) {
        if (lane.lastWrite != null) {
            Duration wait = Duration.between(clock.instant(), lane.lastWrite.plus(INTERVAL));
            if (!wait.isNegative() && !wait.isZero()) {
                pause(wait);
            }
        }
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
        return e instanceof AwsServiceException service && service.isThrottlingException();
    }
}
