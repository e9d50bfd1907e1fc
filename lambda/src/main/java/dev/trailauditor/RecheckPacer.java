package dev.trailauditor;

import dev.trailauditor.EventRecheck.Accepted;
import dev.trailauditor.repair.WritePacer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces event-driven re-checks: each scope (a member's trail, or the central policies) is re-checked at most once per
 * interval, and no call is ever dropped. A call is either covered by a re-check that began after it, or re-checked:
 * at once when its scope was last checked an interval ago, else once the interval has passed. The function waits for
 * that inside the invocation; the stream hands it one batch at a time, so calls made meanwhile gather into the next
 * batch, which the re-check then covers.
 *
 * <p>Which calls a re-check covers is known from this environment's own runs only, kept in memory: it is lost at a
 * cold start, which then costs one more re-check, never a missed one. When scopes were last checked is also read from
 * the run history ({@code checkedAt} of latest.json, written by every run), so a cold start does not undo the pacing;
 * that file only ever delays a re-check (by an interval at most), never skips one.
 */
final class RecheckPacer {
    /**
     * How long after a call a re-check must have begun to cover it: CloudTrail's eventTime has whole seconds, clocks
     * differ a little, and a write may take a moment to show in every read.
     */
    static final Duration MARGIN = Duration.ofSeconds(60);

    private final Duration interval;
    private final Clock clock;
    private final WritePacer.Sleeper sleeper;
    /** Scope to the latest run of this environment that checked it. */
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    private record Run(String runId, Instant startedAt) {}

    RecheckPacer(Duration interval, Clock clock, WritePacer.Sleeper sleeper) {
        this.interval = interval;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Why a run already covers this call, or empty when it still needs a re-check. */
    Optional<String> covered(Accepted call) {
        Run run = runs.get(call.scope());
        Optional<Instant> time = eventTime(call.event().time());
        if (run == null || time.isEmpty() || time.get().plus(MARGIN).isAfter(run.startedAt())) {
            return Optional.empty();
        }
        return Optional.of("covered by run " + run.runId() + ", which re-checked it from " + run.startedAt());
    }

    /**
     * When a re-check of these scopes may begin: once each was last checked an interval ago.
     *
     * @param checkedElsewhere when each scope was last checked, as the run history says (a time still to come is not
     *                         believed: it could hold off re-checks for good)
     */
    Instant due(Collection<String> scopes, Map<String, Instant> checkedElsewhere) {
        Instant now = clock.instant();
        Instant due = now;
        for (String scope : scopes) {
            Optional<Instant> here = Optional.ofNullable(runs.get(scope)).map(Run::startedAt);
            Optional<Instant> there = Optional.ofNullable(checkedElsewhere.get(scope)).filter(t -> !t.isAfter(now));
            Optional<Instant> last = here.isPresent() && there.isPresent()
                    ? Optional.of(here.get().isAfter(there.get()) ? here.get() : there.get()) : here.or(() -> there);
            if (last.isPresent() && last.get().plus(interval).isAfter(due)) {
                due = last.get().plus(interval);
            }
        }
        return due;
    }

    /** Waits until {@code due}, or {@code most} at the longest (the invocation's time is limited); returns how long. */
    Duration waitUntil(Instant due, Duration most) throws InterruptedException {
        Duration wait = Duration.between(clock.instant(), due);
        wait = wait.compareTo(most) > 0 ? most : wait;
        if (wait.isNegative() || wait.isZero()) {
            return Duration.ZERO;
        }
        sleeper.sleep(wait);
        return wait;
    }

    /** A run that finished its checks of these scopes, having begun at {@code startedAt}. */
    void ran(Collection<String> scopes, String runId, Instant startedAt) {
        Run run = new Run(runId, startedAt);
        scopes.forEach(scope -> runs.merge(scope, run, (a, b) -> b.startedAt().isAfter(a.startedAt()) ? b : a));
    }

    private static Optional<Instant> eventTime(String time) {
        try {
            return Optional.of(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // not known to be covered: re-checked
        }
    }
}
