package dev.trailauditor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A flood of failed calls is a count and a few distinct lines, never a flood of lines. */
class FailedCallsTest {

    private static FailedCall denied(String who, String time) {
        return new FailedCall(new Trigger.Event("StopLogging", "222222222222", who, time, "org-trail"), "AccessDenied");
    }

    @Test
    void theSameAttemptIsOneLineWithHowOftenAndFromWhenToWhen() {
        FailedCalls calls = FailedCalls.of(List.of(denied("a", "2026-11-29T03:05:00Z"), denied("a", "2026-11-29T03:01:00Z"),
                denied("a", "2026-11-29T03:09:00Z"), denied("b", "2026-11-29T03:02:00Z")), null);

        assertThat(calls.count()).isEqualTo(4);
        assertThat(calls.attempts()).extracting(FailedCalls.Attempt::describe).containsExactly(
                "StopLogging in 222222222222 on org-trail by a: AccessDenied, 3 times from 2026-11-29T03:01:00Z to 2026-11-29T03:09:00Z",
                "StopLogging in 222222222222 on org-trail by b: AccessDenied at 2026-11-29T03:02:00Z");
        assertThat(calls.notListed()).isZero();
    }

    @Test
    void atMostTwentyDistinctAttemptsAreListedTheRestCounted() {
        List<FailedCall> flood = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            flood.add(denied("caller-" + (i % 50), "2026-11-29T03:00:00Z"));
        }

        FailedCalls calls = FailedCalls.of(flood, "more wait");

        assertThat(calls.count()).isEqualTo(1000);
        assertThat(calls.attempts()).hasSize(FailedCalls.LISTED);
        assertThat(calls.notListed()).isEqualTo(30);
        assertThat(calls.problem()).isEqualTo("more wait");
        assertThat(FailedCalls.of(List.of(), null).none()).isTrue();
    }
}
