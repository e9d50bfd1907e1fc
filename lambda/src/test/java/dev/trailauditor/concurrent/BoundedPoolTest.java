package dev.trailauditor.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedPoolTest {
    private final Clock clock = Clock.systemUTC();

    @Test
    void resultsComeInItemOrderAndFailuresStayWithTheirItem() {
        List<String> results = BoundedPool.map(List.of(1, 2, 3, 4), 2, clock, Instant.MAX, n -> {
            if (n == 3) {
                throw new IllegalStateException("three is broken");
            }
            return "ok " + n;
        }, (n, reason) -> "failed " + n + ": " + reason);

        assertThat(results).containsExactly("ok 1", "ok 2", "failed 3: IllegalStateException: three is broken", "ok 4");
    }

    @Test
    void neverMoreThanParallelismAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        BoundedPool.map(List.of(1, 2, 3, 4, 5, 6, 7, 8), 3, clock, Instant.MAX, n -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(20);
            running.decrementAndGet();
            return n;
        }, (n, reason) -> n);

        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void workNotDoneByTheDeadlineIsReportedAsTimedOut() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<String> results = BoundedPool.map(List.of("fast", "stuck"), 2, clock, clock.instant().plusMillis(300), item -> {
            if (item.equals("stuck")) {
                await(release);
            }
            return item + " done";
        }, (item, reason) -> item + " " + reason);
        release.countDown();

        assertThat(results).containsExactly("fast done", "stuck timed out: not finished before the run's time budget ran out");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
