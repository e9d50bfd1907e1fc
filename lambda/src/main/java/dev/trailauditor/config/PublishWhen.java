package dev.trailauditor.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * When a finished run's report goes to the topic. A run that failed (configuration, exception, cut short) is published
 * whatever this says: silence must never hide a broken auditor.
 */
public enum PublishWhen {
    /** Every run: the nightly email is also a sign of life. The default. */
    ALWAYS("always"),
    /** Runs with something for a person: a failed, unreachable or repaired check. */
    ON_FINDINGS("on-findings"),
    /** Runs whose findings differ from the previous run's (new, repaired, resolved; accounts added or removed). */
    ON_CHANGE("on-change");

    private final String id;

    PublishWhen(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The setting a value names ("always", "on-findings", "on-change", any case), or empty when it names none. */
    public static Optional<PublishWhen> parse(String value) {
        return Arrays.stream(values()).filter(w -> w.id.equalsIgnoreCase(value.trim())).findFirst();
    }
}
