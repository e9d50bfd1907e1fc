package dev.trailauditor.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * Something that goes wrong with a call before AWS acts on it (so a failed write changes
 * nothing). Immutable: the fleet counts down {@link #times(int)} per injection.
 */
public final class Fault {
    /** What the fault does to one call; throws to fail it. */
    interface Effect {
        void apply(SimService service, String operation);
    }

    private final String description;
    private final Effect effect;
    private final int times;

    private Fault(String description, Effect effect, int times) {
        this.description = description;
        this.effect = effect;
        this.times = times;
    }

    /** The service's own throttling error on every call (see {@link #times(int)}). */
    public static Fault throttling() {
        return new Fault("throttling", (service, op) -> {
            throw service.throttling();
        }, 0);
    }

    /** The service's throttling error on the next {@code times} calls, then success. */
    public static Fault throttling(int times) {
        return throttling().times(times);
    }

    /** An error of the service's base type (e.g. CloudTrailException) with this code and status. */
    public static Fault error(String errorCode, int statusCode) {
        return new Fault("error " + errorCode, (service, op) -> {
            throw service.error(errorCode, statusCode, errorCode + " (injected on " + op + ")");
        }, 0);
    }

    /** Access denied as the service words it, e.g. to simulate a role without permissions. */
    public static Fault accessDenied() {
        return new Fault("access denied", (service, op) -> {
            throw service.accessDenied("User is not authorized to perform: " + op + " (injected)");
        }, 0);
    }

    /** Any exception, created fresh for each call. */
    public static Fault exception(Supplier<? extends RuntimeException> exception) {
        Objects.requireNonNull(exception);
        return new Fault("exception", (service, op) -> {
            throw exception.get();
        }, 0);
    }

    /** Someone else acts just before the call (say, edits a policy between plan and write); the call then goes on. */
    public static Fault before(Runnable action) {
        Objects.requireNonNull(action);
        return new Fault("concurrent change", (service, op) -> action.run(), 0);
    }

    /** Sleeps (real time) before answering, to exercise the caller's timeouts. */
    public static Fault delay(Duration delay) {
        return new Fault("delay " + delay, (service, op) -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AbortedException.create("Thread was interrupted", e);
            }
        }, 0);
    }

    /** What the SDK throws when apiCallTimeout elapses, without waiting for it. */
    public static Fault timeout() {
        return new Fault("timeout", (service, op) -> {
            throw ApiCallTimeoutException.create(1000);
        }, 0);
    }

    /** The same fault, applied to the next {@code n} matching calls only. */
    public Fault times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + n);
        }
        return new Fault(description, effect, n);
    }

    /** 0 means every call. */
    int limit() {
        return times;
    }

    Effect effect() {
        return effect;
    }

    @Override
    public String toString() {
        return description + (times == 0 ? "" : " x" + times);
    }
}
