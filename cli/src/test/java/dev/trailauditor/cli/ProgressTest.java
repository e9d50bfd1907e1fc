package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.observe.ObservationListener;
import dev.trailauditor.sim.SimClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    private final SimClock clock = new SimClock(Instant.parse("2026-11-29T03:00:00Z"));

    @Test
    void countsAccountsAndElapsedTimeOnOneLine() {
        ObservationListener progress = Progress.on(stream, true, 5, clock);

        clock.advance(Duration.ofMillis(1500));
        progress.memberObserved(1, 5);
        clock.advance(Duration.ofSeconds(2));
        progress.memberObserved(5, 5);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("\robserved 1/5 accounts, 1.5 s\robserved 5/5 accounts, 3.5 s\n");
    }

    @Test
    void quietWhenNotATerminalOrForAFewAccounts() {
        assertThat(Progress.on(stream, false, 500, clock)).isSameAs(ObservationListener.NONE);
        assertThat(Progress.on(stream, true, Progress.FEW_ACCOUNTS, clock)).isSameAs(ObservationListener.NONE);
    }
}
