package dev.trailauditor.policy;

import java.util.List;
import java.util.Objects;

/** How a whole policy stands against one requirement, which statements decide it, and a line for a person. */
public record Verdict(Status status, List<Statement> statements, String detail) {

    public enum Status {
        /** Every request of the requirement is allowed. */
        MET,
        /** Some request is allowed by no statement (implicit deny). */
        MISSING,
        /** A Deny statement blocks some request (reported, never changed). */
        DENIED
    }

    public Verdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        statements = List.copyOf(statements);
    }
}
