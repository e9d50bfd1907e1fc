package dev.trailauditor.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.MemberSessions;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.config.Repairs;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.LogPrefix;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/** How odd answers about a member's trail are handled, with Mockito at the SDK edge. */
class ObserverMemberTest {
    private static final Member MEMBER = Member.of("aws", "222222222222", Optional.empty(), "org-trail", "eu-west-1", "R", false);
    private static final AuditConfig CONFIG = new AuditConfig("central-logs", LogPrefix.NONE, Arn.of("arn:aws:kms:eu-west-1:111111111111:key/k"),
            "111111111111", "org-trail", "eu-west-1", "R", Optional.empty(), Optional.empty(), Duration.ofHours(24), 2,
            List.of(MEMBER), Repairs.REPORT_ONLY);

    @Test
    @SuppressWarnings("unchecked")
    void aMalformedTrailArnInTheAnswerIsAClearReasonNotACrash() {
        CloudTrailClient cloudTrail = mock(CloudTrailClient.class);
        when(cloudTrail.getTrail(any(Consumer.class))).thenCallRealMethod();
        when(cloudTrail.getTrail(any(GetTrailRequest.class))).thenReturn(GetTrailResponse.builder()
                .trail(Trail.builder().name("org-trail").trailARN("org-trail").homeRegion("eu-west-1").build()).build());
        MemberSessions sessions = mock(MemberSessions.class);
        when(sessions.cloudTrail(any(Member.class))).thenReturn(cloudTrail);
        when(sessions.cloudTrail(any(Member.class), any(String.class))).thenReturn(cloudTrail);

        MemberSnapshot snapshot = new Observer(mock(AwsClients.class), CONFIG, Clock.systemUTC()).observe(MEMBER, sessions);

        assertThat(snapshot).isInstanceOfSatisfying(MemberSnapshot.Unreachable.class, unreachable ->
                assertThat(unreachable.reason()).isEqualTo("CloudTrail answered with a malformed trail ARN 'org-trail' for 'org-trail'"));
    }
}
