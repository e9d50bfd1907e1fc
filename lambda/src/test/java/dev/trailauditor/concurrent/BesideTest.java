package dev.trailauditor.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BesideTest {

    /** Each side waits for the other to have started: run one after the other, this would never finish. */
    @Test
    void runsBothAtOnceAndReturnsBothResults() {
        CountDownLatch asideStarted = new CountDownLatch(1);
        CountDownLatch hereStarted = new CountDownLatch(1);

        Beside.Both<String, Integer> both = Beside.run("test-aside",
                () -> {
                    asideStarted.countDown();
                    await(hereStarted);
                    return Thread.currentThread().getName();
                },
                () -> {
                    hereStarted.countDown();
                    await(asideStarted);
                    return 42;
                });

        assertThat(both.aside()).isEqualTo("test-aside");
        assertThat(both.here()).isEqualTo(42);
    }

    @Test
    void aFailureAsideIsThrownAsItWasOnceTheCallersWorkIsDone() {
        AtomicBoolean hereFinished = new AtomicBoolean();

        assertThatThrownBy(() -> Beside.run("test-aside",
                () -> {
                    throw new IllegalArgumentException("central stage broke");
                },
                () -> {
                    sleep(50);
                    hereFinished.set(true);
                    return 1;
                }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("central stage broke");
        assertThat(hereFinished).isTrue();
    }

    @Test
    void aFailureHereInterruptsTheWorkAside() throws InterruptedException {
        CountDownLatch asideStarted = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);

        assertThatThrownBy(() -> Beside.run("test-aside",
                () -> {
                    asideStarted.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return "never used";
                },
                () -> {
                    await(asideStarted);
                    throw new IllegalStateException("members broke");
                }))
                .isInstanceOf(IllegalStateException.class).hasMessage("members broke");
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the aside thread was interrupted").isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the other side never started: the two ran one after the other");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
