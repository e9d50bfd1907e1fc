package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A trail's files arrive in its bucket when it logs and the bucket and key accept them; S3 lists and describes them. */
class CloudTrailDeliveryTest {
    private static final Instant T = Instant.parse("2026-11-29T03:00:00Z");
    private static final String AUDIT = "111111111111";
    private static final String MEMBER = "222222222222";
    private static final String BUCKET = "central-trail-logs";
    private static final String LOGS = "org/AWSLogs/" + MEMBER + "/CloudTrail/eu-west-1/";
    private static final String DIGESTS = "org/AWSLogs/" + MEMBER + "/CloudTrail-Digest/eu-west-1/";

    private final SimClock clock = new SimClock(T);
    private final Fleet fleet = new Fleet(clock);
    private final S3Client s3 = fleet.s3(AUDIT, "eu-west-1");
    private SimKey key;
    private SimTrail trail;

    @BeforeEach
    void healthyMember() {
        String trailArn = SimTrail.arn(MEMBER, "eu-west-1", "org-trail");
        fleet.account(AUDIT).bucket(BUCKET).region("eu-west-1")
                .policy(GrantingPolicies.bucket(BUCKET, "org", List.of(trailArn)));
        key = fleet.account(AUDIT).kmsKey("eu-west-1", "k-1").policy(GrantingPolicies.key(AUDIT, List.of(trailArn)));
        trail = fleet.account(MEMBER).trail("org-trail", "eu-west-1").healthy(BUCKET, "org", key.arn());
    }

    private List<S3Object> list(String prefix) {
        return s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix)).contents();
    }

    private static List<Instant> times(List<S3Object> objects) {
        return objects.stream().map(S3Object::lastModified).toList();
    }

    @Test
    void aHealthyTrailsFilesAreThereWithCloudTrailsNamesAndTheTrailsKey() {
        List<S3Object> logs = list(LOGS);
        List<S3Object> digests = list(DIGESTS);

        assertThat(times(logs)).as("the file its status reports; the next is due in five minutes").containsExactly(T.minusSeconds(600));
        assertThat(logs.get(0).key()).matches(LOGS + "2026/11/29/" + MEMBER + "_CloudTrail_eu-west-1_20261129T0250Z_[0-9A-F]{16}\\.json\\.gz");
        assertThat(times(digests)).as("digests are hourly").containsExactly(T.minusSeconds(600));
        assertThat(digests.get(0).key()).isEqualTo(DIGESTS + "2026/11/29/" + MEMBER + "_CloudTrail-Digest_eu-west-1_org-trail_eu-west-1_20261129T025000Z.json.gz");

        HeadObjectResponse log = s3.headObject(r -> r.bucket(BUCKET).key(logs.get(0).key()));
        assertThat(log.serverSideEncryptionAsString()).isEqualTo("aws:kms");
        assertThat(log.ssekmsKeyId()).isEqualTo(key.arn());
        assertThat(log.lastModified()).isEqualTo(T.minusSeconds(600));
        assertThat(s3.headObject(r -> r.bucket(BUCKET).key(digests.get(0).key())).serverSideEncryptionAsString())
                .as("digests are SSE-S3 whatever the trail's key").isEqualTo("AES256");
    }

    @Test
    void aLoggingTrailWritesEveryFiveMinutesAndADigestEveryHour() {
        clock.advance(Duration.ofMinutes(4));
        assertThat(times(list(LOGS))).as("not yet due").containsExactly(T.minusSeconds(600));
        clock.advance(Duration.ofMinutes(1));
        assertThat(times(list(LOGS))).containsExactly(T.minusSeconds(600), T.plus(Duration.ofMinutes(5)));
        assertThat(times(list(DIGESTS))).containsExactly(T.minusSeconds(600));
        clock.advance(Duration.ofMinutes(55));

        assertThat(times(list(LOGS))).last().isEqualTo(T.plus(Duration.ofMinutes(60)));
        assertThat(times(list(DIGESTS))).last().isEqualTo(T.plus(Duration.ofMinutes(60)));
    }

    @Test
    void aStoppedTrailsLastFileGetsOlder() {
        clock.advance(Duration.ofMinutes(20));
        trail.stopLogging();
        clock.advance(Duration.ofHours(30));

        assertThat(times(list(LOGS))).as("what it recorded until StopLogging, then nothing")
                .containsExactly(T.minusSeconds(600), T.plus(Duration.ofMinutes(20)));
        assertThat(times(list(DIGESTS))).last().isEqualTo(T.plus(Duration.ofMinutes(20)));
        clock.advance(Duration.ofHours(1));
        assertThat(list(LOGS)).hasSize(2);
    }

    @Test
    void aRestartedTrailsFirstFileTakesFiveMinutes() {
        clock.advance(Duration.ofMinutes(10));
        trail.stopLogging().startLogging();
        clock.advance(Duration.ofMinutes(4));
        assertThat(times(list(LOGS))).last().isEqualTo(T.plus(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(1));
        assertThat(times(list(LOGS))).last().isEqualTo(T.plus(Duration.ofMinutes(15)));
    }

    @Test
    void filesRefusedByTheBucketPolicyOrADisabledKeyAreLost() {
        fleet.account(AUDIT).bucket(BUCKET).policy(GrantingPolicies.bucket(BUCKET, "org", List.of()));
        clock.advance(Duration.ofHours(2));
        assertThat(times(list(LOGS))).containsExactly(T.minusSeconds(600));
        assertThat(times(list(DIGESTS))).containsExactly(T.minusSeconds(600));

        fleet.account(AUDIT).bucket(BUCKET).policy(GrantingPolicies.bucket(BUCKET, "org",
                List.of(SimTrail.arn(MEMBER, "eu-west-1", "org-trail"))));
        key.disable();
        clock.advance(Duration.ofHours(2));
        assertThat(times(list(LOGS))).containsExactly(T.minusSeconds(600));
        key.enable();
        clock.advance(Duration.ofMinutes(5));
        assertThat(times(list(LOGS))).last().isEqualTo(T.plus(Duration.ofMinutes(245)));
    }

    @Test
    void aTrailWithoutAKeyWritesSseS3FilesAndOneDeliveringElsewhereNothingHere() {
        trail.kmsKey(null);
        clock.advance(Duration.ofMinutes(5));
        S3Object newest = list(LOGS).get(1);
        assertThat(s3.headObject(r -> r.bucket(BUCKET).key(newest.key())).serverSideEncryptionAsString()).isEqualTo("AES256");

        trail.prefix("elsewhere");
        clock.advance(Duration.ofHours(1));
        assertThat(list("elsewhere/AWSLogs/" + MEMBER + "/CloudTrail/")).as("the bucket policy grants only org/: refused").isEmpty();
        assertThat(list(LOGS)).hasSize(2);
    }

    @Test
    void listingsArePagedAndDeletedOrForeignFilesAreWhatTheyAre() {
        SimBucket bucket = fleet.account(AUDIT).bucket(BUCKET);
        assertThat(list(LOGS)).hasSize(1);
        bucket.deleteObjects(LOGS);
        for (int i = 0; i < 2_500; i++) {
            bucket.putObject(LOGS + "2026/11/28/file-" + String.format("%04d", i), T.minus(Duration.ofHours(20)), null);
        }

        ListObjectsV2Response first = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(LOGS + "2026/11/28/"));
        ListObjectsV2Response second = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(LOGS + "2026/11/28/")
                .continuationToken(first.nextContinuationToken()));
        ListObjectsV2Response third = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(LOGS + "2026/11/28/")
                .continuationToken(second.nextContinuationToken()));

        assertThat(first.contents()).hasSize(1000);
        assertThat(first.isTruncated()).isTrue();
        assertThat(second.contents().get(0).key()).endsWith("file-1000");
        assertThat(third.contents()).hasSize(500).last().extracting(S3Object::key).asString().endsWith("file-2499");
        assertThat(third.isTruncated()).isFalse();
        assertThat(list(LOGS + "2026/11/29/")).as("today's folder keeps only what arrives after the deletion").isEmpty();
    }

    @Test
    void onlyTheBucketOwnerListsAndAMissingKeyIsNotFound() {
        assertThatThrownBy(() -> fleet.s3(MEMBER, "eu-west-1").listObjectsV2(r -> r.bucket(BUCKET).prefix(LOGS)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(BUCKET).key(LOGS + "nope")))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }
}
