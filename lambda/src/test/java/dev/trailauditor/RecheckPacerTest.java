package dev.trailauditor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.report.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a call is covered by a run, and how long a re-check waits, on a fixed clock. */
class RecheckPacerTest {
    private static final Instant NOW = Instant.parse("2026-11-29T03:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(5);
    private final List<Duration> slept = new ArrayList<>();
    private final RecheckPacer pacer = new RecheckPacer(INTERVAL, Clock.fixed(NOW, ZoneOffset.UTC), slept::add);

    private static EventRecheck.Accepted call(String scope, String time) {
        return new EventRecheck.Accepted(new Trigger.Event("StopLogging", scope, "who", time, null), scope);
    }

    @Test
    void aCallIsCoveredOnlyByARunThatBeganAMarginAfterIt() {
        pacer.ran(List.of("222222222222", "central"), "run-1", NOW.minusSeconds(100));

        assertThat(pacer.covered(call("222222222222", NOW.minusSeconds(161).toString()))).get().asString()
                .contains("covered by run run-1");
        assertThat(pacer.covered(call("222222222222", NOW.minusSeconds(159).toString()))).as("within the margin").isEmpty();
        assertThat(pacer.covered(call("333333333333", NOW.minusSeconds(500).toString()))).as("another account").isEmpty();
        assertThat(pacer.covered(call("222222222222", "yesterday"))).as("a time that is not one: re-checked").isEmpty();
    }

    @Test
    void aReCheckIsDueAnIntervalAfterTheLastCheckHereOrInTheHistoryButNotAfterATimeToCome() {
        assertThat(pacer.due(List.of("222222222222"), Map.of())).as("never checked: at once").isEqualTo(NOW);

        pacer.ran(List.of("222222222222"), "run-1", NOW.minusSeconds(60));
        assertThat(pacer.due(List.of("222222222222"), Map.of("222222222222", NOW.minusSeconds(120))))
                .isEqualTo(NOW.minusSeconds(60).plus(INTERVAL));
        assertThat(pacer.due(List.of("333333333333"), Map.of("333333333333", NOW.minusSeconds(10))))
                .as("a cold start keeps the pace from the history").isEqualTo(NOW.minusSeconds(10).plus(INTERVAL));
        assertThat(pacer.due(List.of("333333333333"), Map.of("333333333333", NOW.plus(Duration.ofDays(365)))))
                .as("a time to come is not believed: it could hold re-checks off for good").isEqualTo(NOW);
    }

    @Test
    void theWaitIsCappedAndNothingIsWaitedForADueTimePassed() throws Exception {
        assertThat(pacer.waitUntil(NOW.plusSeconds(240), Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        assertThat(pacer.waitUntil(NOW.minusSeconds(1), Duration.ofMinutes(5))).isZero();
        assertThat(slept).containsExactly(Duration.ofSeconds(90));
    }
}
