package dev.trailauditor.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until told to move, so tests can let time pass without waiting
 * (e.g. a rate limiter under test sleeps with {@code clock::advance}). Thread-safe; clocks
 * from {@link #withZone(ZoneId)} share the same time.
 */
public final class SimClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public SimClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private SimClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public SimClock advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + duration);
        }
        now.updateAndGet(instant -> instant.plus(duration));
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public SimClock withZone(ZoneId otherZone) {
        return new SimClock(now, otherZone);
    }
}
