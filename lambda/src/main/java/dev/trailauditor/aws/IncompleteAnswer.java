package dev.trailauditor.aws;

import java.util.function.Predicate;

/**
 * An AWS answer without a field the auditor judges by, where the API reference documents no meaning for its absence
 * (an AWS-compatible endpoint that does not implement a call answers so). What depends on it is unreachable, with
 * this reason, and never taken for the safe value.
 */
public final class IncompleteAnswer extends RuntimeException {
    public IncompleteAnswer(String operation, String field) {
        super(operation + " answered without " + field + ": what it would say is unknown", null, false, false);
    }

    /** The value, when the answer holds it. */
    public static <T> T required(T value, String operation, String field) {
        if (value == null) {
            throw new IncompleteAnswer(operation, field);
        }
        return value;
    }

    /** The value, when it is there and holds what {@code complete} asks of it. */
    public static <T> T required(T value, Predicate<T> complete, String operation, String field) {
        if (value == null || !complete.test(value)) {
            throw new IncompleteAnswer(operation, field);
        }
        return value;
    }
}
