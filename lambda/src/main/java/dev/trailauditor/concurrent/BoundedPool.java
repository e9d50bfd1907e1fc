package dev.trailauditor.concurrent;

import dev.trailauditor.aws.Failures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Does the same work for many members, at most {@code parallelism} at a time, and returns the
 * results in the members' order. One member's failure or slowness never stops the others: it
 * becomes that member's result through {@code onFailure}.
 */
public final class BoundedPool {
    private static final Duration NO_LIMIT = Duration.ofDays(365);

    private BoundedPool() {}

    /**
     * @param deadline work not finished by then is cancelled and reported as timed out
     * @param onFailure the result for an item whose work threw or timed out, given the reason
     */
    public static <T, R> List<R> map(List<T> items, int parallelism, Clock clock, Instant deadline,
                                     Function<T, R> work, BiFunction<T, String, R> onFailure) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, items.size())));
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<R> results = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                results.add(await(futures.get(i), items.get(i), clock, deadline, onFailure));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T, R> R await(Future<R> future, T item, Clock clock, Instant deadline,
                                  BiFunction<T, String, R> onFailure) {
        try {
            Duration left = Duration.between(clock.instant(), deadline);
            // A far deadline (Instant.MAX: no limit) would overflow milliseconds.
            long waitMillis = left.compareTo(NO_LIMIT) >= 0 ? Long.MAX_VALUE : Math.max(0, left.toMillis());
            return future.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return onFailure.apply(item, "timed out: not finished before the run's time budget ran out");
        } catch (ExecutionException e) {
            return onFailure.apply(item, Failures.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return onFailure.apply(item, "interrupted");
        }
    }
}
