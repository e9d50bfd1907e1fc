package dev.trailauditor.policy;

import java.util.List;
import java.util.Objects;

/** What must be allowed: every request CloudTrail (or the audit account) makes for one grant and one member. */
public record Requirement(String description, List<Call> calls) {
    public Requirement {
        Objects.requireNonNull(description, "description");
        calls = List.copyOf(calls);
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("a requirement needs at least one request: " + description);
        }
    }

    /** The first request, the one a message names when all are alike. */
    public AccessRequest request() {
        return calls.get(0).request();
    }
}
