package dev.trailauditor.policy;

import java.util.List;
import java.util.Objects;

/** How a policy stands against one requirement, which statements decide it, and a line for a person. */
public record Verdict(Status status, List<Statement> statements, String detail) {

    public enum Status {
        /** Some single Allow statement grants it, and none of the probes. */
        MET,
        /** Granted, but every granting statement also allows some probe. */
        LOOSE,
        /** Nothing grants it. */
        MISSING,
        /** A Deny statement blocks it (reported, never ignored). */
        DENIED
    }

    public Verdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        statements = List.copyOf(statements);
    }
}
