package dev.trailauditor.observe;

/** Told each time a member has been observed, so a terminal can show how far a run has come. */
@FunctionalInterface
public interface ObservationListener {
    ObservationListener NONE = (done, total) -> { };

    /** Called from the observing threads; {@code done} counts up to {@code total} exactly once each. */
    void memberObserved(int done, int total);
}
