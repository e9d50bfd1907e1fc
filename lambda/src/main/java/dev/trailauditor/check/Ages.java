package dev.trailauditor.check;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How old something delivered is, judged and said the same way by every delivery control. */
final class Ages {
    private Ages() {}

    static boolean within(Instant since, Instant now, Duration maxAge) {
        return Duration.between(since, now).compareTo(maxAge) <= 0;
    }

    /** "2026-11-29T02:50:00Z (10 min ago)". */
    static String at(Instant time, Instant now) {
        return toTheSecond(time) + " (" + hours(Duration.between(time, now)) + " ago)";
    }

    /** AWS's times carry fractions of a second nobody reading the report needs. */
    static Instant toTheSecond(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS);
    }

    static String hours(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        return minutes < 120 ? minutes + " min" : (minutes / 60) + " h";
    }
}
