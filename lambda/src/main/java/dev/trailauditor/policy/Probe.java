package dev.trailauditor.policy;

import java.util.Objects;

/**
 * A request the whole policy must refuse: someone other than the trail it is meant for (an
 * anonymous caller, another account, the trail writing outside its folder). One that gets through
 * is exposure, as grave as {@code level} says.
 */
public record Probe(String meaning, AccessRequest request, Level level) {

    /** Who gets in decides how grave it is: anyone, then any IAM principal, then another trail, then the trail itself. */
    public enum Level { CRITICAL, HIGH, MEDIUM, LOW }

    public Probe {
        Objects.requireNonNull(meaning, "meaning");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(level, "level");
    }
}
