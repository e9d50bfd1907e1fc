package dev.trailauditor.repair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.check.Check;
import dev.trailauditor.check.Fix;
import dev.trailauditor.config.Member;
import dev.trailauditor.config.Mode;
import dev.trailauditor.config.Repairs;
import dev.trailauditor.observe.Arrivals;
import dev.trailauditor.observe.MemberSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingRequest;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailRequest;

/** The planner groups the controls' fixes into calls; it decides nothing about drift itself. */
class TrailPlannerTest {
    private static final Member MEMBER = Member.of("aws", "222222222222", Optional.empty(), "org-trail", "eu-west-1", "R", false);
    private static final UpdateTrailRequest UPDATE = UpdateTrailRequest.builder().name("org-trail").build();
    private static final StartLoggingRequest START = StartLoggingRequest.builder().name("org-trail").build();
    private static final Repairs REPAIR = new Repairs(Mode.REPAIR, Mode.REPAIR, false, false);

    /** A trail homed in us-east-2 while registered in eu-west-1: writes go where it lives. */
    private static final MemberSnapshot.Found FOUND = new MemberSnapshot.Found(MEMBER, Trail.builder().name("org-trail")
            .homeRegion("us-east-2").trailARN("arn:aws:cloudtrail:us-east-2:222222222222:trail/org-trail").build(),
            GetTrailStatusResponse.builder().build(), GetEventSelectorsResponse.builder().build(),
            Arrivals.fresh(Instant.now(), "arn:aws:kms:eu-west-1:111111111111:key/k"));

    @Test
    void oneStepPerCallInWriteOrderNamingTheControlsItFixes() {
        List<Fix> fixes = List.of(
                new Fix(Check.TRAIL_LOGGING, "StartLogging", "IsLogging", "false", "true", START),
                new Fix(Check.TRAIL_BUCKET, "UpdateTrail", "S3BucketName", "other", "central-logs", UPDATE),
                new Fix(Check.TRAIL_KMS_KEY, "UpdateTrail", "KmsKeyId", "(none)", "k", UPDATE));

        List<TrailStep> steps = new TrailPlanner(REPAIR).plan(FOUND, fixes, Optional.empty()).steps();

        assertThat(steps).extracting(TrailStep::call).containsExactly("UpdateTrail", "StartLogging");
        TrailStep update = steps.get(0);
        assertThat(update.fixes()).containsExactly("trail.bucket", "trail.kms-key");
        assertThat(update.changes()).isEqualTo(Map.of("S3BucketName", new TrailStep.Change("other", "central-logs"),
                "KmsKeyId", new TrailStep.Change("(none)", "k")));
        assertThat(update.describeChanges()).isEqualTo("S3BucketName other -> central-logs; KmsKeyId (none) -> k");
        assertThat(update.request()).isSameAs(UPDATE);
        assertThat(update.region()).isEqualTo("us-east-2");
        assertThat(update.trail()).isEqualTo("arn:aws:cloudtrail:us-east-2:222222222222:trail/org-trail");
        assertThat(steps.get(1).fixes()).containsExactly("trail.logging");
        assertThat(steps).allSatisfy(s -> assertThat(s.state()).isEqualTo(TrailStep.State.PLANNED));
    }

    @Test
    void noFixesNoSteps() {
        assertThat(new TrailPlanner(REPAIR).plan(FOUND, List.of(), Optional.empty()).steps()).isEmpty();
    }

    @Test
    void stepsThatPointTheTrailAtAnUnusableDestinationAreHeld() {
        List<Fix> fixes = List.of(new Fix(Check.TRAIL_LOGGING, "StartLogging", "IsLogging", "false", "true", START));

        TrailStep held = new TrailPlanner(REPAIR).plan(FOUND, fixes, Optional.of("key pending deletion")).steps().get(0);

        assertThat(held.state()).isEqualTo(TrailStep.State.HELD);
        assertThat(held.error()).startsWith("held: key pending deletion");
    }

    @Test
    void aMissingTrailIsCreatedOnlyWhenSomeoneOptedIn() {
        var missing = new MemberSnapshot.Missing(MEMBER, "no trail", true);
        List<Fix> create = List.of(new Fix(Check.TRAIL_EXISTS, "CreateTrail", "Name", "(none)", "org-trail", null),
                new Fix(Check.TRAIL_EXISTS, "StartLogging", "IsLogging", "false", "true", START));

        TrailPlan off = new TrailPlanner(REPAIR).plan(missing, create, Optional.empty());
        assertThat(off.steps()).isEmpty();
        assertThat(off.note()).contains("creating missing trails is off");

        TrailPlan on = new TrailPlanner(new Repairs(Mode.REPAIR, Mode.REPAIR, false, true)).plan(missing, create, Optional.empty());
        assertThat(on.steps()).extracting(TrailStep::call).containsExactly("CreateTrail", "StartLogging");
        assertThat(on.steps()).allSatisfy(s -> assertThat(s.fixes()).containsExactly("trail.exists"));
        assertThat(on.steps().get(0).region()).isEqualTo("eu-west-1");

        TrailPlan taken = new TrailPlanner(new Repairs(Mode.REPAIR, Mode.REPAIR, false, true))
                .plan(new MemberSnapshot.Missing(MEMBER, "taken by 333333333333", false), List.of(), Optional.empty());
        assertThat(taken.steps()).isEmpty();
        assertThat(taken.note()).contains("the name is taken");
    }
}
