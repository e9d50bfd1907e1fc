package dev.trailauditor.policy;

import static dev.trailauditor.policy.Registries.TARGET;
import static dev.trailauditor.policy.Registries.members;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How many members each shape holds: accounts 100000000000+i, trail org-trail in eu-west-1, bucket
 * central-trail-logs, prefix org. Sizes are of a policy holding only the auditor's statements.
 */
class CapacityTest {
    private final PolicyMerger merger = new PolicyMerger();

    @ParameterizedTest(name = "{0} {1} with {2} members takes {3} bytes")
    @CsvSource({
            "BUCKET, PER_MEMBER,     50,  20958",
            "BUCKET, PER_MEMBER,    500, 207258",
            "BUCKET, PER_MEMBER,   1000, 414258",
            "BUCKET, LISTED,         50,   6550",
            "BUCKET, LISTED,        500,  60550",
            "BUCKET, LISTED,       1000, 120550",
            "BUCKET, ACCOUNT_LIST,   50,   2127",
            "BUCKET, ACCOUNT_LIST,  500,  15627",
            "BUCKET, ACCOUNT_LIST, 1000,  30627",
            "KEY,    PER_MEMBER,     50,  24017",
            "KEY,    PER_MEMBER,    500, 235517",
            "KEY,    PER_MEMBER,   1000, 470517",
            "KEY,    LISTED,         50,  11171",
            "KEY,    LISTED,        500, 104771",
            "KEY,    LISTED,       1000, 208771",
            "KEY,    ACCOUNT_LIST,   50,   2398",
            "KEY,    ACCOUNT_LIST,  500,  15898",
            "KEY,    ACCOUNT_LIST, 1000,  30898"})
    void generatedPolicySizes(PolicyKind kind, Shape shape, int count, int bytes) {
        PolicyDocument policy = Registries.policyOf(ManagedStatements.forAll(kind, shape, TARGET, members(count)));

        assertThat(policy.sizeBytes()).isEqualTo(bytes);
    }

    @Test
    void bucketHolds48MembersOneStatementEachThenListsThem() {
        MergeResult fits = merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, members(48), false);
        MergeResult over = merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, members(49), false);
        MergeResult fifty = merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, members(50), false);

        assertThat(fits.shape()).isEqualTo(Shape.PER_MEMBER);
        assertThat(fits.sizeAfter()).isEqualTo(20_130);
        assertThat(fits.roomLeft()).isEqualTo(350);
        assertThat(over.shape()).isEqualTo(Shape.LISTED);
        assertThat(fifty.shape()).isEqualTo(Shape.LISTED);
        assertThat(fifty.sizeAfter()).isEqualTo(6_550);
    }

    @Test
    void fiveHundredMembersFitTheCompactShapeOnBucketAndKey() {
        MergeResult bucket = merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, members(500), false);
        MergeResult key = merger.merge(PolicyKind.KEY, Optional.empty(), TARGET, members(500), false);

        assertThat(bucket.shape()).isEqualTo(Shape.ACCOUNT_LIST);
        assertThat(bucket.roomLeft()).isEqualTo(20_480 - 15_627);
        assertThat(key.shape()).isEqualTo(Shape.ACCOUNT_LIST);
        assertThat(key.roomLeft()).isEqualTo(32_768 - 15_898);
        assertThat(bucket.stillUnmet()).isEmpty();
        assertThat(key.stillUnmet()).isEmpty();
    }

    @Test
    void theKeyHolds68MembersOneStatementEach() {
        MergeResult fifty = merger.merge(PolicyKind.KEY, Optional.empty(), TARGET, members(50), false);
        MergeResult fits = merger.merge(PolicyKind.KEY, Optional.empty(), TARGET, members(68), false);
        MergeResult over = merger.merge(PolicyKind.KEY, Optional.empty(), TARGET, members(69), false);

        assertThat(fifty.shape()).isEqualTo(Shape.PER_MEMBER);
        assertThat(fifty.sizeAfter()).isEqualTo(24_017);
        assertThat(fits.shape()).isEqualTo(Shape.PER_MEMBER);
        assertThat(over.shape()).isEqualTo(Shape.LISTED);
    }

    @Test
    void theBucketHolds661MembersInTheCompactShape() {
        assertThat(merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, members(661), false).shape())
                .isEqualTo(Shape.ACCOUNT_LIST);
        assertThat(merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, members(662), false).refused()).isTrue();
    }

    @Test
    void aThousandMembersFitTheKeyButNotTheBucket() {
        MergeResult key = merger.merge(PolicyKind.KEY, Optional.empty(), TARGET, members(1000), false);
        MergeResult bucket = merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, members(1000), false);

        assertThat(key.shape()).isEqualTo(Shape.ACCOUNT_LIST);
        assertThat(key.sizeAfter()).isEqualTo(30_898);
        assertThat(bucket.refused()).isTrue();
        assertThat(bucket.changed()).isFalse();
        assertThat(bucket.shape()).isNull();
        assertThat(bucket.document().toJson()).isEqualTo(PolicyDocument.empty().toJson());
        assertThat(bucket.refusal()).isEqualTo("the bucket policy for 1,000 members does not fit even in the most "
                + "compact shape (ACCOUNT_LIST): it would take 30,627 bytes (39 of them for the rest of the policy), 10,147 "
                + "over the limit of 20,480 bytes. Nothing was written. Split the members over two buckets, or "
                + "remove foreign statements.");
        assertThat(bucket.stillUnmet()).hasSize(2000);
    }
}
