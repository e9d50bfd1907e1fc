package dev.trailauditor.report;

import java.time.Instant;

/**
 * A run that ended without a report: what the failure message tells a person, and what the outcome
 * line records instead of the report's figures.
 *
 * @param error what went wrong, in full: the configuration's problems, or the exception's class and message
 */
public record RunFailure(String runId, Kind kind, String error, Instant at) {

    public enum Kind {
        /** The configuration is invalid: nothing was audited, and every run fails the same way until it is fixed. */
        CONFIGURATION("configuration"),
        /** Something the run did not expect broke it off: the stack trace is in the function's log. */
        EXCEPTION("exception");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static RunFailure configuration(String runId, String problems, Instant at) {
        return new RunFailure(runId, Kind.CONFIGURATION, problems, at);
    }

    /** Named by the exception's class, which says more to whoever reads it than a message alone. */
    public static RunFailure exception(String runId, Throwable thrown, Instant at) {
        return new RunFailure(runId, Kind.EXCEPTION, thrown.getClass().getName() + ": " + thrown.getMessage(), at);
    }
}
