package dev.trailauditor.policy;

import java.util.List;
import java.util.Objects;

/** What must be allowed (request) and what a tight grant of it must not also allow (probes). */
public record Requirement(String description, AccessRequest request, List<Probe> probes) {
    public Requirement {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(request, "request");
        probes = List.copyOf(probes);
    }
}
