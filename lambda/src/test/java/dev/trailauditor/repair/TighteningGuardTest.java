package dev.trailauditor.repair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.observe.BucketDeliveries;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.policy.LogPrefix;
import dev.trailauditor.policy.MergeResult;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.PolicyMerger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which planned tightenings are held, and which go ahead naming whom they cut off. */
class TighteningGuardTest {
    private static final Instant AT = Instant.parse("2026-11-29T03:00:00Z");
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/k-1";
    private static final CentralTarget TARGET = new CentralTarget("aws", "central-logs", LogPrefix.of("org"), KEY, "111111111111", AT);
    private static final List<Grantee> REGISTERED = List.of(Grantee.of(Arn.of("arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail")));
    private static final String OTHER = "555555555555";
    private static final Instant DELIVERED = AT.minus(Duration.ofMinutes(10));
    private static final TighteningGuard GUARD = new TighteningGuard(TARGET, Duration.ofHours(24), List.of(), REGISTERED);
    /** Lets CloudTrail write into any account's folder: tightening replaces it. */
    private static final String LOOSE = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"Acl","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetBucketAcl",
              "Resource":"arn:aws:s3:::central-logs"},
             {"Sid":"AnyTrail","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject",
              "Resource":"arn:aws:s3:::central-logs/org/AWSLogs/*"}]}""";

    private static PolicyPlan plan(boolean tighten) {
        MergeResult merge = new PolicyMerger().merge(PolicyKind.BUCKET, Optional.of(PolicyDocument.parse(LOOSE)), TARGET,
                REGISTERED, false, tighten);
        return new PolicyPlan(PolicyKind.BUCKET, "central-logs", Optional.of(LOOSE), merge, null);
    }

    private static Observation<BucketDeliveries> delivered(BucketDeliveries.Delivery... recent) {
        return Observation.of(new BucketDeliveries(List.of(recent), List.of()));
    }

    private static PolicyPlan guard(PolicyPlan plan, Observation<BucketDeliveries> deliveries, String... allowed) {
        return new TighteningGuard(TARGET, Duration.ofHours(24), List.of(allowed), REGISTERED).guard(List.of(plan), deliveries).get(0);
    }

    @Test
    void onlyAChangeThatRemovesAForeignStatementTightens() {
        assertThat(GUARD.tightens(plan(true))).isTrue();
        assertThat(plan(true).merge().removed()).extracting(s -> s.get("Sid").asText()).containsExactly("AnyTrail");
        assertThat(GUARD.tightens(plan(false))).as("without TIGHTEN_FOREIGN_GRANTS nothing foreign goes").isFalse();
    }

    @Test
    void aChangeThatCutsOffAnUnregisteredDeliveringTrailIsHeldNamingItAndTheSetting() {
        PolicyPlan guarded = guard(plan(true), delivered(new BucketDeliveries.Delivery(OTHER, "eu-west-1", false, DELIVERED),
                new BucketDeliveries.Delivery(OTHER, "us-east-1", true, DELIVERED.minusSeconds(60))));

        assertThat(guarded.held()).contains(OTHER + " (last delivered 2026-11-29T02:50:00Z)", "within 24 h",
                "TIGHTEN_ALLOWED_ACCOUNTS");
        assertThat(guarded.cutOff()).containsExactly(new CutOff(OTHER, DELIVERED, false));
        assertThat(CentralPlanner.describe(guarded).state()).isEqualTo(PolicyChange.State.HELD);
        assertThat(CentralPlanner.describe(guarded).cutOff()).containsExactly(new CutOff(OTHER, DELIVERED, false));
    }

    @Test
    void anAllowedAccountMayBeCutOffAndIsNamed() {
        PolicyPlan guarded = guard(plan(true), delivered(new BucketDeliveries.Delivery(OTHER, "eu-west-1", false, DELIVERED)),
                OTHER);

        assertThat(guarded.held()).isNull();
        assertThat(CentralPlanner.describe(guarded).state()).isEqualTo(PolicyChange.State.PLANNED);
        assertThat(CentralPlanner.describe(guarded).cutOff()).containsExactly(new CutOff(OTHER, DELIVERED, true));
    }

    @Test
    void withNoOtherRecentDeliveryTheTighteningGoesAhead() {
        PolicyPlan guarded = guard(plan(true), delivered());

        assertThat(guarded.held()).isNull();
        assertThat(guarded.cutOff()).isEmpty();
    }

    @Test
    void aFailedListingHoldsTheTighteningWithTheReason() {
        PolicyPlan guarded = guard(plan(true), Observation.failed("AccessDenied: not authorized to perform s3:ListBucket"));

        assertThat(guarded.held()).contains("could not be listed", "not authorized to perform s3:ListBucket");
        assertThat(CentralPlanner.describe(guarded).state()).isEqualTo(PolicyChange.State.HELD);
    }

    @Test
    void aFolderThatIsNotAnAccountsHoldsTheTightening() {
        PolicyPlan guarded = guard(plan(true), Observation.of(new BucketDeliveries(List.of(), List.of("org/AWSLogs/o-a1b2c3d4e5/"))));

        assertThat(guarded.held()).contains("org/AWSLogs/o-a1b2c3d4e5/", "not an account's");
        PolicyPlan many = guard(plan(true), Observation.of(new BucketDeliveries(List.of(),
                List.of("org/AWSLogs/a/", "org/AWSLogs/b/", "org/AWSLogs/c/", "org/AWSLogs/d/", "org/AWSLogs/e/"))));
        assertThat(many.held()).as("names written by others: a few are named").contains("org/AWSLogs/c/ and 2 more")
                .doesNotContain("org/AWSLogs/d/");
    }

    @Test
    void anImitationOfTheAuditorsStatementThatTighteningReplacesIsGuardedLikeAnyForeignOne() {
        // The auditor's Sid prefix on an unpinned grant: not the auditor's by meaning, so it may serve another team.
        String imitating = LOOSE.replace("\"Sid\":\"AnyTrail\"", "\"Sid\":\"TrailAuditorOldWrite\"");
        MergeResult merge = new PolicyMerger().merge(PolicyKind.BUCKET, Optional.of(PolicyDocument.parse(imitating)), TARGET,
                REGISTERED, false, true);
        PolicyPlan plan = new PolicyPlan(PolicyKind.BUCKET, "central-logs", Optional.of(imitating), merge, null);

        assertThat(merge.removed()).extracting(st -> st.get("Sid").asText()).containsExactly("TrailAuditorOldWrite");
        assertThat(GUARD.tightens(plan)).as("judged by meaning, not by its Sid").isTrue();
        PolicyPlan guarded = guard(plan, delivered(new BucketDeliveries.Delivery(OTHER, "eu-west-1", false, DELIVERED)));
        assertThat(CentralPlanner.describe(guarded).state()).isEqualTo(PolicyChange.State.HELD);
        assertThat(guarded.cutOff()).containsExactly(new CutOff(OTHER, DELIVERED, false));
    }

    @Test
    void aPlanThatDoesNotTightenIsLeftAsItIsAndNothingIsAsked() {
        PolicyPlan plan = plan(false);

        assertThat(guard(plan, Observation.failed("must not be looked at"))).isSameAs(plan);
    }
}
