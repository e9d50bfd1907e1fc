package dev.trailauditor.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailauditor.sim.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;

class WritePacerTest {
    private final SimClock clock = new SimClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final List<Duration> pauses = new ArrayList<>();
    private final WritePacer pacer = new WritePacer(clock, duration -> {
        pauses.add(duration);
        clock.advance(duration);
    });

    private static CloudTrailException error(String code) {
        return (CloudTrailException) CloudTrailException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @Test
    void writesToOneAccountAndRegionAreASecondApartOthersDoNotWait() {
        pacer.write("222222222222", "eu-west-1", Instant.MAX, () -> 1);
        pacer.write("333333333333", "eu-west-1", Instant.MAX, () -> 1);
        pacer.write("222222222222", "us-east-1", Instant.MAX, () -> 1);
        assertThat(pauses).as("different lanes").isEmpty();

        pacer.write("222222222222", "eu-west-1", Instant.MAX, () -> 1);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void theNextWriteOfALaneLeavesAFullIntervalAfterThePreviousOneCameBackWhateverItsLatency() {
        List<Instant> sent = new ArrayList<>();
        List<Instant> received = new ArrayList<>();
        Duration[] latencies = {Duration.ofMillis(400), Duration.ofMillis(20), Duration.ofMillis(300)};
        for (Duration latency : latencies) {
            pacer.write("222222222222", "eu-west-1", Instant.MAX, () -> {
                sent.add(clock.instant());
                clock.advance(latency.dividedBy(2)); // on the way to CloudTrail
                received.add(clock.instant());
                clock.advance(latency.dividedBy(2)); // and back
                return 1;
            });
        }

        // Sent a second apart would let the slow first call and the fast second arrive 0.8 s apart: throttled.
        for (int i = 1; i < received.size(); i++) {
            assertThat(Duration.between(received.get(i - 1), received.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(Duration.between(sent.get(0), sent.get(1))).isEqualTo(Duration.ofMillis(1_400));
    }

    @Test
    void throttlingIsRetriedWithBackoffThenGivenUp() {
        AtomicInteger calls = new AtomicInteger();
        String result = pacer.write("222222222222", "eu-west-1", Instant.MAX, () -> {
            if (calls.incrementAndGet() < 3) {
                throw error("ThrottlingException");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(pauses).as("backoff 1 s, then 2 s; the lane's own spacing is already met").containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

        assertThatThrownBy(() -> pacer.write("333333333333", "eu-west-1", Instant.MAX, () -> {
            throw error("ThrottlingException");
        })).isInstanceOf(CloudTrailException.class);
    }

    @Test
    void noWriteStartsAfterTheDeadline() {
        Instant deadline = clock.instant().plusMillis(500);
        pacer.write("222222222222", "eu-west-1", deadline, () -> 1);

        assertThatThrownBy(() -> pacer.write("222222222222", "eu-west-1", deadline, () -> 1))
                .as("its turn comes a second later, past the deadline").isInstanceOf(WritePacer.OutOfTime.class);
    }

    @Test
    void otherErrorsAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> pacer.write("222222222222", "eu-west-1", Instant.MAX, () -> {
            calls.incrementAndGet();
            throw error("AccessDeniedException");
        })).isInstanceOf(CloudTrailException.class);
        assertThat(calls).hasValue(1);
    }
}
