package dev.trailauditor.policy;

import java.util.Objects;

/**
 * A request that a tight grant must NOT allow, with what it stands for in plain words
 * (e.g. "a trail of another account").
 */
public record Probe(String meaning, AccessRequest request) {
    public Probe {
        Objects.requireNonNull(meaning, "meaning");
        Objects.requireNonNull(request, "request");
    }
}
