package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SimClockTest {
    static final Instant START = Instant.parse("2025-06-01T02:00:00Z");

    @Test
    void standsStillUntilAdvancedAndZonedCopiesShareTheTime() {
        SimClock clock = new SimClock(START);
        SimClock berlin = clock.withZone(ZoneId.of("Europe/Berlin"));

        assertThat(clock.instant()).isEqualTo(START);
        clock.advance(Duration.ofMillis(1500));

        assertThat(clock.instant()).isEqualTo(START.plusMillis(1500));
        assertThat(berlin.instant()).isEqualTo(START.plusMillis(1500));
        assertThat(berlin.getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(new Fleet(clock).clock().instant()).isEqualTo(START.plusMillis(1500));
    }

    @Test
    void refusesToGoBack() {
        SimClock clock = new SimClock(START);

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.instant()).isEqualTo(START);
    }
}
