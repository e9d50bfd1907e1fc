package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.InvalidHomeRegionException;
import software.amazon.awssdk.services.cloudtrail.model.ThrottlingException;

class CloudTrailWriteRateTest {
    static final String MEMBER = "222222222222";
    static final String OTHER = "333333333333";

    SimClock clock;
    Fleet fleet;
    SimTrail trail;
    CloudTrailClient client;

    @BeforeEach
    void setUp() {
        clock = new SimClock(Instant.parse("2025-06-01T02:00:00Z"));
        fleet = new Fleet(clock);
        fleet.account(MEMBER).bucket("member-logs");
        trail = fleet.account(MEMBER).trail("org-trail", "us-east-1").healthy("member-logs", null, null);
        fleet.account(OTHER).trail("org-trail", "us-east-1").healthy("member-logs", null, null);
        client = fleet.cloudTrail(MEMBER, "us-east-1");
    }

    @Test
    void secondWriteInTheSameSecondIsThrottledAndChangesNothing() {
        fleet.enforceCloudTrailWriteRate();
        client.updateTrail(r -> r.name("org-trail").enableLogFileValidation(false));

        assertThatThrownBy(() -> client.updateTrail(r -> r.name("org-trail").enableLogFileValidation(true)))
                .isInstanceOfSatisfying(ThrottlingException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.isThrottlingException()).isTrue();
                });
        assertThat(trail.snapshot().logFileValidationEnabled()).isFalse();
        assertThat(fleet.mutatingCalls()).extracting(SimCall::operation).containsExactly("UpdateTrail", "UpdateTrail");
    }

    @Test
    void aSecondLaterTheNextWriteGoesThrough() {
        fleet.enforceCloudTrailWriteRate();
        client.stopLogging(r -> r.name("org-trail"));

        clock.advance(Duration.ofMillis(999));
        assertThatThrownBy(() -> client.startLogging(r -> r.name("org-trail"))).isInstanceOf(ThrottlingException.class);
        clock.advance(Duration.ofMillis(1));
        client.startLogging(r -> r.name("org-trail"));

        assertThat(trail.isLogging()).isTrue();
    }

    @Test
    void theRateIsPerAccountAndRegionAndReadsAreFree() {
        fleet.enforceCloudTrailWriteRate();
        client.stopLogging(r -> r.name("org-trail"));

        fleet.cloudTrail(OTHER, "us-east-1").stopLogging(r -> r.name("org-trail"));
        assertThat(client.getTrailStatus(r -> r.name("org-trail")).isLogging()).isFalse();
        // Another region has its own rate: the write is judged on its merits (wrong home region).
        assertThatThrownBy(() -> fleet.cloudTrail(MEMBER, "eu-west-1").stopLogging(r -> r.name("org-trail")))
                .isInstanceOf(InvalidHomeRegionException.class);
    }

    @Test
    void withoutEnforcementWritesAreNeverThrottled() {
        for (int i = 0; i < 5; i++) {
            boolean on = i % 2 == 0;
            client.updateTrail(r -> r.name("org-trail").enableLogFileValidation(on));
        }

        assertThat(trail.snapshot().logFileValidationEnabled()).isTrue();
        assertThat(fleet.mutatingCalls()).hasSize(5);
    }
}
