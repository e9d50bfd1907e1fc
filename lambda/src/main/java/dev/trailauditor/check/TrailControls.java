package dev.trailauditor.check;

import dev.trailauditor.config.DesiredTrail;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.MemberSnapshot;
import dev.trailauditor.policy.LogPrefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailRequest;

/**
 * Runs the trail controls on one {@link MemberSnapshot}: pure, no AWS calls. {@code trail.exists}
 * gates the eleven others: for a missing trail only it is reported (the others would only repeat it),
 * with the CreateTrail fix when the name is free; whether that fix is wanted is the planner's call.
 */
public final class TrailControls {
    /** The eleven controls of a trail that exists, in report order. */
    public static final List<TrailControl> OF_A_TRAIL = Stream.of(
                    Stream.of(new TrailHomeRegion(), new TrailLogging()), TrailSetting.ALL.stream(),
                    Stream.of(new TrailManagementEvents(), new TrailDelivery(), new DeliveryArrived()))
            .flatMap(s -> s).toList();

    /** Every control's verdict, and the fixes the failed ones propose, in report order. */
    public record Evaluation(List<CheckResult> results, List<Fix> fixes) {
        public Evaluation {
            results = List.copyOf(results);
            fixes = List.copyOf(fixes);
        }
    }

    private final DesiredTrail desired;

    public TrailControls(DesiredTrail desired) {
        this.desired = desired;
    }

    public Evaluation evaluate(MemberSnapshot snapshot, Instant now) {
        Member member = snapshot.member();
        String account = member.accountId();
        String expectedTrail = "trail '" + member.trailName() + "' of " + account;
        if (snapshot instanceof MemberSnapshot.Unreachable unreachable) {
            List<CheckResult> results = new ArrayList<>();
            results.add(CheckResult.unreachable(Check.TRAIL_EXISTS, account, expectedTrail, unreachable.reason()));
            OF_A_TRAIL.forEach(c -> results.add(CheckResult.unreachable(c.check(), account, c.expected(desired, member),
                    unreachable.reason())));
            return new Evaluation(results, List.of());
        }
        if (snapshot instanceof MemberSnapshot.Missing missing) {
            return new Evaluation(List.of(CheckResult.fail(Check.TRAIL_EXISTS, account, expectedTrail, missing.detail())),
                    missing.nameFree() ? create(member) : List.of());
        }
        var found = (MemberSnapshot.Found) snapshot;
        List<CheckResult> results = new ArrayList<>();
        List<Fix> fixes = new ArrayList<>();
        results.add(CheckResult.pass(Check.TRAIL_EXISTS, account, expectedTrail, found.trail().trailARN()));
        for (TrailControl control : OF_A_TRAIL) {
            TrailControl.Finding finding = control.evaluate(found, desired, now);
            results.add(finding.result());
            finding.fix().ifPresent(fixes::add);
        }
        return new Evaluation(results, fixes);
    }

    /** A new trail with every desired setting, then started. */
    private List<Fix> create(Member member) {
        CreateTrailRequest request = CreateTrailRequest.builder().name(member.trailName())
                .s3BucketName(desired.bucket()).s3KeyPrefix(desired.prefix().apiValue())
                .kmsKeyId(desired.key().toString()).isMultiRegionTrail(true).includeGlobalServiceEvents(true)
                .enableLogFileValidation(true).build();
        String none = LogPrefix.SHOWN_AS_NONE;
        return List.of(
                new Fix(Check.TRAIL_EXISTS, "CreateTrail", "Name", none, member.trailName(), request),
                new Fix(Check.TRAIL_EXISTS, "CreateTrail", "S3BucketName", none, desired.bucket(), request),
                new Fix(Check.TRAIL_EXISTS, "CreateTrail", "S3KeyPrefix", none, desired.prefix().shown(), request),
                new Fix(Check.TRAIL_EXISTS, "CreateTrail", "KmsKeyId", none, desired.key().toString(), request),
                TrailLogging.startLogging(Check.TRAIL_EXISTS, member.trailName()));
    }
}
