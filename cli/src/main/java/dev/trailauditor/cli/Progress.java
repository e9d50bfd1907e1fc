package dev.trailauditor.cli;

import dev.trailauditor.observe.ObservationListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * "observed 12/40 accounts, 3.2 s" on one stderr line, rewritten in place. Only for a person at a
 * terminal and only for runs over a few accounts: a pipeline's log gets none of it.
 */
final class Progress implements ObservationListener {
    /** Up to this many accounts a run is quick enough to need no progress. */
    static final int FEW_ACCOUNTS = 3;

    private final PrintStream err;
    private final Clock clock;
    private final Instant started;

    private Progress(PrintStream err, Clock clock) {
        this.err = err;
        this.clock = clock;
        this.started = clock.instant();
    }

    static ObservationListener on(PrintStream err, boolean interactive, int accounts, Clock clock) {
        return interactive && accounts > FEW_ACCOUNTS ? new Progress(err, clock) : NONE;
    }

    @Override
    public synchronized void memberObserved(int done, int total) {
        double seconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
        err.printf("\robserved %d/%d accounts, %.1f s%s", done, total, seconds, done == total ? "\n" : "");
        err.flush();
    }
}
