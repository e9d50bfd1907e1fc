package dev.trailauditor.policy;

import java.util.List;
import java.util.Objects;

/** A probe the whole policy lets through, and the Allow statements that let it. */
public record Exposure(Probe probe, List<Statement> statements) {
    public Exposure {
        Objects.requireNonNull(probe, "probe");
        statements = List.copyOf(statements);
    }

    /** "'AllowAll' (#3), #5": the statements, as a person finds them in the policy. */
    public String statementNames() {
        return PolicyEvaluator.names(statements);
    }
}
