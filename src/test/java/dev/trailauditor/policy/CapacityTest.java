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
            "BUCKET, LISTED,         50,   9533",
            "BUCKET, LISTED,        500,  90983",
            "BUCKET, LISTED,       1000, 181483",
            "BUCKET, ACCOUNT_LIST,   50,   2106",
            "BUCKET, ACCOUNT_LIST,  500,  15606",
            "BUCKET, ACCOUNT_LIST, 1000,  30606",
            "KEY,    PER_MEMBER,     50,  20968",
            "KEY,    PER_MEMBER,    500, 205468",
            "KEY,    PER_MEMBER,   1000, 410468",
            "KEY,    LISTED,         50,   8122",
            "KEY,    LISTED,        500,  74722",
            "KEY,    LISTED,       1000, 148722",
            "KEY,    ACCOUNT_LIST,   50,   1595",
            "KEY,    ACCOUNT_LIST,  500,   8345",
            "KEY,    ACCOUNT_LIST, 1000,  15845"})
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
        assertThat(fifty.sizeAfter()).isEqualTo(9_533);
    }

    @Test
    void fiveHundredMembersFitTheCompactShapeOnBucketAndKey() {
        MergeResult bucket = merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, members(500), false);
        MergeResult key = merger.merge(PolicyKind.KEY, Optional.empty(), TARGET, members(500), false);

        assertThat(bucket.shape()).isEqualTo(Shape.ACCOUNT_LIST);
        assertThat(bucket.roomLeft()).isEqualTo(20_480 - 15_606);
        assertThat(key.shape()).isEqualTo(Shape.ACCOUNT_LIST);
        assertThat(key.roomLeft()).isEqualTo(32_768 - 8_345);
        assertThat(bucket.stillUnmet()).isEmpty();
        assertThat(key.stillUnmet()).isEmpty();
    }

    @Test
    void fiftyMembersFitTheKeyOneStatementEach() {
        MergeResult key = merger.merge(PolicyKind.KEY, Optional.empty(), TARGET, members(50), false);

        assertThat(key.shape()).isEqualTo(Shape.PER_MEMBER);
        assertThat(key.sizeAfter()).isEqualTo(20_968);
    }

    @Test
    void aThousandMembersFitTheKeyButNotTheBucket() {
        MergeResult key = merger.merge(PolicyKind.KEY, Optional.empty(), TARGET, members(1000), false);
        MergeResult bucket = merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, members(1000), false);

        assertThat(key.shape()).isEqualTo(Shape.ACCOUNT_LIST);
        assertThat(key.sizeAfter()).isEqualTo(15_845);
        assertThat(bucket.refused()).isTrue();
        assertThat(bucket.changed()).isFalse();
        assertThat(bucket.shape()).isNull();
        assertThat(bucket.document().toJson()).isEqualTo(PolicyDocument.empty().toJson());
        assertThat(bucket.refusal()).isEqualTo("the bucket policy for 1,000 members does not fit even in the most "
                + "compact shape (ACCOUNT_LIST): it would take 30,606 bytes (39 of them for the rest of the policy), 10,126 "
                + "over the limit of 20,480 bytes. Nothing was written. Split the members over two buckets, or "
                + "remove foreign statements.");
        assertThat(bucket.stillUnmet()).hasSize(2000);
    }
}
