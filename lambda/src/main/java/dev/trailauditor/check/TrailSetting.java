package dev.trailauditor.check;

import dev.trailauditor.aws.IncompleteAnswer;
import dev.trailauditor.config.DesiredTrail;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.MemberSnapshot;
import dev.trailauditor.policy.LogPrefix;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailRequest;

/**
 * A trail setting that UpdateTrail puts right: where it delivers, how it encrypts, what it records. Every member of
 * GetTrail's Trail is optional (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html): an
 * absent S3KeyPrefix or KmsKeyId is a trail without one, as CloudTrail leaves them out then; an absent bucket or flag
 * has no such meaning (every trail has a bucket, and each flag is true or false), so its control is unreachable.
 */
final class TrailSetting extends TrailControl {
    /** In the order UpdateTrail's changes are listed. */
    static final List<TrailControl> ALL = List.of(
            new TrailSetting(Check.TRAIL_BUCKET, "S3BucketName", Trail::s3BucketName, DesiredTrail::bucket),
            new TrailSetting(Check.TRAIL_PREFIX, "S3KeyPrefix", t -> LogPrefix.reported(t.s3KeyPrefix()).shown(),
                    d -> d.prefix().shown()),
            new TrailSetting(Check.TRAIL_KMS_KEY, "KmsKeyId", t -> orNone(t.kmsKeyId()), d -> d.key().toString()),
            flag(Check.TRAIL_MULTI_REGION, "IsMultiRegionTrail", Trail::isMultiRegionTrail),
            flag(Check.TRAIL_GLOBAL_EVENTS, "IncludeGlobalServiceEvents", Trail::includeGlobalServiceEvents),
            flag(Check.TRAIL_LOG_VALIDATION, "LogFileValidationEnabled", Trail::logFileValidationEnabled));

    private final String field;
    /** The setting as found; null when CloudTrail's answer leaves out a setting whose absence means nothing. */
    private final Function<Trail, String> actual;
    private final Function<DesiredTrail, String> expected;

    private TrailSetting(Check check, String field, Function<Trail, String> actual, Function<DesiredTrail, String> expected) {
        super(check);
        this.field = field;
        this.actual = actual;
        this.expected = expected;
    }

    private static TrailSetting flag(Check check, String field, Function<Trail, Boolean> value) {
        return new TrailSetting(check, field, t -> value.apply(t) == null ? null : String.valueOf(value.apply(t)), d -> "true");
    }

    @Override
    public String expected(DesiredTrail desired, Member member) {
        return expected.apply(desired);
    }

    @Override
    public Finding evaluate(MemberSnapshot.Found found, DesiredTrail desired, Instant now) {
        String want = expected.apply(desired);
        String have = actual.apply(found.trail());
        if (have == null) {
            return Finding.passed(CheckResult.unreachable(check(), found.member().accountId(), want,
                    new IncompleteAnswer("GetTrail", field).getMessage()));
        }
        CheckResult result = CheckResult.compare(check(), found.member().accountId(), want, have);
        return result.outcome() == Outcome.PASS ? Finding.passed(result)
                : new Finding(result, Optional.of(new Fix(check(), "UpdateTrail", field, have, want,
                        update(found.trailName(), desired))));
    }

    /** Every desired value, not just the drifted ones: the call is then the same whatever drifted. */
    static UpdateTrailRequest update(String trailName, DesiredTrail desired) {
        return UpdateTrailRequest.builder().name(trailName)
                .s3BucketName(desired.bucket()).s3KeyPrefix(desired.prefix().apiValue()).kmsKeyId(desired.key().toString())
                .isMultiRegionTrail(true).includeGlobalServiceEvents(true).enableLogFileValidation(true).build();
    }

    static String orNone(String value) {
        return value == null || value.isBlank() ? LogPrefix.SHOWN_AS_NONE : value;
    }
}
