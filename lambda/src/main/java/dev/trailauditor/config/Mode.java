package dev.trailauditor.config;

import java.util.Locale;
import java.util.Optional;

/** What the auditor may do about drift it finds: only report it, or repair it. */
public enum Mode {
    /** Report only; the repair plan is still computed and reported (a dry run). */
    AUDIT,
    /** Apply the repair plan, then verify it by reading everything back. */
    REPAIR;

    /** The mode a setting names ("audit" or "repair", any case), or empty when it names none. */
    public static Optional<Mode> parse(String value) {
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
