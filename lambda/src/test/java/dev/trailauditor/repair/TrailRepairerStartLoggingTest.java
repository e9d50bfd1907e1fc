package dev.trailauditor.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.trailauditor.aws.MemberSessions;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.config.Mode;
import dev.trailauditor.config.Repairs;
import dev.trailauditor.observe.Arrivals;
import dev.trailauditor.observe.MemberSnapshot;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.LogPrefix;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.PutEventSelectorsRequest;
import software.amazon.awssdk.services.cloudtrail.model.PutEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingRequest;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailResponse;

/** Trail writes as they leave the auditor, at the SDK edge: the trail's name, sent to the trail's home region. */
class TrailRepairerStartLoggingTest {
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final Member MEMBER = Member.of("aws", "222222222222", Optional.empty(), "org-trail", "eu-west-1", "R", false);
    private static final AuditConfig CONFIG = new AuditConfig("central-logs", LogPrefix.of("org"), Arn.of(KEY), "111111111111", "org-trail",
            "eu-west-1", "R", Optional.empty(), Optional.empty(), Duration.ofHours(24), 4, List.of(MEMBER),
            new Repairs(Mode.REPAIR, Mode.REPAIR, false, true));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final MemberSessions sessions = mock(MemberSessions.class);
    private final CloudTrailClient homeClient = mock(CloudTrailClient.class);

    private List<TrailStep> repair(TrailPlan plan) {
        when(homeClient.startLogging(any(StartLoggingRequest.class))).thenReturn(StartLoggingResponse.builder().build());
        TrailRepairer repairer = new TrailRepairer(sessions, new WritePacer(CLOCK, d -> { }), CLOCK.instant().plusSeconds(60));
        return repairer.apply(MEMBER, plan.steps(), List.of());
    }

    private static Trail stoppedTrail(String homeRegion) {
        return Trail.builder().name("org-trail").homeRegion(homeRegion)
                .trailARN("arn:aws:cloudtrail:" + homeRegion + ":222222222222:trail/org-trail")
                .s3BucketName("central-logs").s3KeyPrefix("org").kmsKeyId(KEY).isMultiRegionTrail(true)
                .includeGlobalServiceEvents(true).logFileValidationEnabled(true).build();
    }

    private static MemberSnapshot.Found found(Trail trail) {
        return new MemberSnapshot.Found(MEMBER, trail, GetTrailStatusResponse.builder().isLogging(false).build(),
                GetEventSelectorsResponse.builder().eventSelectors(EventSelector.builder()
                        .includeManagementEvents(true).readWriteType(ReadWriteType.ALL).build()).build(), Arrivals.fresh(CLOCK.instant(), KEY));
    }

    @Test
    void aTrailHomedElsewhereIsStartedByNameInItsHomeRegion() {
        when(sessions.cloudTrail(MEMBER, "us-east-2")).thenReturn(homeClient);
        TrailPlan plan = Plans.of(CONFIG, found(stoppedTrail("us-east-2")));

        List<TrailStep> done = repair(plan);

        ArgumentCaptor<StartLoggingRequest> sent = ArgumentCaptor.forClass(StartLoggingRequest.class);
        verify(homeClient).startLogging(sent.capture());
        assertThat(sent.getValue().name()).isEqualTo("org-trail");
        verify(sessions, never()).cloudTrail(eq(MEMBER), eq("eu-west-1"));
        assertThat(done).singleElement().satisfies(step -> {
            assertThat(step.state()).isEqualTo(TrailStep.State.DONE);
            assertThat(step.region()).isEqualTo("us-east-2");
            assertThat(step.trail()).as("the report still names the trail by ARN")
                    .isEqualTo("arn:aws:cloudtrail:us-east-2:222222222222:trail/org-trail");
        });
    }

    /** UpdateTrail and PutEventSelectors name the trail the same way, so an emulator that resolves only names takes them. */
    @Test
    void aDriftedTrailIsUpdatedAndItsSelectorsRestoredByNameInItsHomeRegion() {
        when(sessions.cloudTrail(MEMBER, "us-east-2")).thenReturn(homeClient);
        when(homeClient.updateTrail(any(UpdateTrailRequest.class))).thenReturn(UpdateTrailResponse.builder().build());
        when(homeClient.putEventSelectors(any(PutEventSelectorsRequest.class)))
                .thenReturn(PutEventSelectorsResponse.builder().build());
        Trail drifted = stoppedTrail("us-east-2").toBuilder().s3BucketName("elsewhere").logFileValidationEnabled(false).build();
        MemberSnapshot.Found found = new MemberSnapshot.Found(MEMBER, drifted,
                // No selector at all, so no management events (an answer without the list would be no answer).
                GetTrailStatusResponse.builder().isLogging(true).build(),
                GetEventSelectorsResponse.builder().eventSelectors(List.of()).build(),
                Arrivals.fresh(CLOCK.instant(), KEY));
        TrailPlan plan = Plans.of(CONFIG, found);

        List<TrailStep> done = repair(plan);

        ArgumentCaptor<UpdateTrailRequest> update = ArgumentCaptor.forClass(UpdateTrailRequest.class);
        verify(homeClient).updateTrail(update.capture());
        assertThat(update.getValue().name()).isEqualTo("org-trail");
        ArgumentCaptor<PutEventSelectorsRequest> selectors = ArgumentCaptor.forClass(PutEventSelectorsRequest.class);
        verify(homeClient).putEventSelectors(selectors.capture());
        assertThat(selectors.getValue().trailName()).isEqualTo("org-trail");
        assertThat(done).extracting(TrailStep::call).containsExactly("UpdateTrail", "PutEventSelectors");
        assertThat(done).allSatisfy(step -> {
            assertThat(step.state()).isEqualTo(TrailStep.State.DONE);
            assertThat(step.region()).isEqualTo("us-east-2");
        });
    }

    @Test
    void aCreatedTrailIsStartedByItsRegisteredNameInTheRegisteredHomeRegion() {
        when(sessions.cloudTrail(MEMBER, "eu-west-1")).thenReturn(homeClient);
        TrailPlan plan = Plans.of(CONFIG, new MemberSnapshot.Missing(MEMBER, "no trail", true));

        repair(plan);

        ArgumentCaptor<StartLoggingRequest> sent = ArgumentCaptor.forClass(StartLoggingRequest.class);
        verify(homeClient).startLogging(sent.capture());
        assertThat(sent.getValue().name()).isEqualTo("org-trail");
    }
}
