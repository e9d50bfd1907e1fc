package dev.trailauditor.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
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
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailResponse;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingRequest;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailResponse;

/** S3KeyPrefix as it leaves the auditor, at the SDK edge: CreateTrail and UpdateTrail state the same destination. */
class TrailPrefixAtTheSdkEdgeTest {
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final Member MEMBER = Member.of("aws", "222222222222", Optional.empty(), "org-trail", "eu-west-1", "R", false);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final MemberSessions sessions = mock(MemberSessions.class);
    private final CloudTrailClient cloudTrail = mock(CloudTrailClient.class);

    TrailPrefixAtTheSdkEdgeTest() {
        when(sessions.cloudTrail(MEMBER, "eu-west-1")).thenReturn(cloudTrail);
        when(cloudTrail.createTrail(any(CreateTrailRequest.class))).thenReturn(CreateTrailResponse.builder().build());
        when(cloudTrail.updateTrail(any(UpdateTrailRequest.class))).thenReturn(UpdateTrailResponse.builder().build());
        when(cloudTrail.startLogging(any(StartLoggingRequest.class))).thenReturn(StartLoggingResponse.builder().build());
    }

    private static AuditConfig config(LogPrefix prefix) {
        return new AuditConfig("central-logs", prefix, Arn.of(KEY), "111111111111", "org-trail", "eu-west-1", "R",
                Optional.empty(), Optional.empty(), Duration.ofHours(24), 4, List.of(MEMBER),
                new Repairs(Mode.REPAIR, Mode.REPAIR, false, true));
    }

    /** A logging trail that delivers to the central bucket and key, but under another prefix. */
    private static MemberSnapshot.Found underPrefix(String prefix) {
        Trail trail = Trail.builder().name("org-trail").homeRegion("eu-west-1").trailARN(MEMBER.trailArn().toString())
                .s3BucketName("central-logs").s3KeyPrefix(prefix).kmsKeyId(KEY).isMultiRegionTrail(true)
                .includeGlobalServiceEvents(true).logFileValidationEnabled(true).build();
        return new MemberSnapshot.Found(MEMBER, trail, GetTrailStatusResponse.builder().isLogging(true).build(),
                GetEventSelectorsResponse.builder().eventSelectors(EventSelector.builder()
                        .includeManagementEvents(true).readWriteType(ReadWriteType.ALL).build()).build(), Arrivals.fresh(CLOCK.instant(), KEY));
    }

    private List<TrailStep> repair(AuditConfig config, MemberSnapshot snapshot) {
        TrailPlan plan = Plans.of(config, snapshot);
        List<TrailStep> done = new TrailRepairer(sessions, new WritePacer(CLOCK, d -> { }), CLOCK.instant().plusSeconds(60))
                .apply(MEMBER, plan.steps(), List.of());
        assertThat(done).isNotEmpty().allSatisfy(step -> assertThat(step.state()).isEqualTo(TrailStep.State.DONE));
        return done;
    }

    private CreateTrailRequest created() {
        ArgumentCaptor<CreateTrailRequest> sent = ArgumentCaptor.forClass(CreateTrailRequest.class);
        verify(cloudTrail).createTrail(sent.capture());
        return sent.getValue();
    }

    private UpdateTrailRequest updated() {
        ArgumentCaptor<UpdateTrailRequest> sent = ArgumentCaptor.forClass(UpdateTrailRequest.class);
        verify(cloudTrail).updateTrail(sent.capture());
        return sent.getValue();
    }

    @Test
    void noPrefixIsSentAsTheSameEmptyStringByCreateTrailAndUpdateTrail() {
        AuditConfig config = config(LogPrefix.NONE);
        repair(config, new MemberSnapshot.Missing(MEMBER, "no trail", true));
        repair(config, underPrefix("old"));

        // "" and not null: an UpdateTrail without S3KeyPrefix would keep "old".
        assertThat(updated().s3KeyPrefix()).isEqualTo("");
        assertThat(created().s3KeyPrefix()).isEqualTo(updated().s3KeyPrefix());
    }

    @Test
    void aConfiguredPrefixIsSentAsItIsByBoth() {
        AuditConfig config = config(LogPrefix.of("org"));
        repair(config, new MemberSnapshot.Missing(MEMBER, "no trail", true));
        repair(config, underPrefix("old"));

        assertThat(updated().s3KeyPrefix()).isEqualTo("org");
        assertThat(created().s3KeyPrefix()).isEqualTo("org");
    }

    @Test
    void theReportShowsNoPrefixAsNoneInBothSteps() {
        AuditConfig config = config(LogPrefix.NONE);

        TrailStep create = repair(config, new MemberSnapshot.Missing(MEMBER, "no trail", true)).get(0);
        TrailStep update = repair(config, underPrefix("old")).get(0);

        assertThat(create.call()).isEqualTo("CreateTrail");
        assertThat(create.changes()).containsEntry("S3KeyPrefix", new TrailStep.Change("(none)", "(none)"));
        assertThat(update.call()).isEqualTo("UpdateTrail");
        assertThat(update.changes()).containsExactly(java.util.Map.entry("S3KeyPrefix", new TrailStep.Change("old", "(none)")));
    }
}
