package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class SimS3AndKmsClientTest {
    static final String AUDIT = "111111111111";
    static final String MEMBER = "222222222222";
    static final String BUCKET = "central-trail-logs";
    static final String BUCKET_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AWSCloudTrailAclCheck\","
            + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},"
            + "\"Action\":\"s3:GetBucketAcl\",\"Resource\":\"arn:aws:s3:::" + BUCKET + "\"}]}";

    Fleet fleet;
    S3Client s3;
    KmsClient kms;
    SimKey key;

    @BeforeEach
    void setUp() {
        fleet = new Fleet();
        fleet.account(AUDIT).bucket(BUCKET);
        key = fleet.account(AUDIT).kmsKey("us-east-1");
        s3 = fleet.s3(AUDIT);
        kms = fleet.kms(AUDIT, "us-east-1");
    }

    @Test
    void aListingWithADelimiterRollsKeysUpIntoFoldersPageByPage() {
        SimBucket bucket = fleet.account(AUDIT).bucket(BUCKET);
        for (String key : java.util.List.of("AWSLogs/222222222222/a", "AWSLogs/222222222222/b/c", "AWSLogs/333333333333/a",
                "AWSLogs/readme.txt", "AWSLogs/444444444444/a", "other/x")) {
            bucket.object(key, new SimBucket.SimObject(new byte[0], "text/plain", java.time.Instant.EPOCH));
        }

        var first = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("AWSLogs/").delimiter("/").maxKeys(2));
        var second = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("AWSLogs/").delimiter("/").maxKeys(2)
                .continuationToken(first.nextContinuationToken()));

        assertThat(first.commonPrefixes()).extracting(p -> p.prefix())
                .containsExactly("AWSLogs/222222222222/", "AWSLogs/333333333333/");
        assertThat(first.isTruncated()).isTrue();
        assertThat(second.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("AWSLogs/444444444444/");
        assertThat(second.contents()).extracting(o -> o.key()).containsExactly("AWSLogs/readme.txt");
        assertThat(second.isTruncated()).isFalse();
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("AWSLogs/222222222222/")).contents())
                .as("without a delimiter, every key").hasSize(2);
    }

    @Test
    void bucketWithoutPolicyIsNoSuchBucketPolicy() {
        assertThatThrownBy(() -> s3.getBucketPolicy(r -> r.bucket(BUCKET)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucketPolicy");
                    assertThat(e.statusCode()).isEqualTo(404);
                });
    }

    @Test
    void unknownBucketAndOtherAccountsBucketAreRefused() {
        assertThatThrownBy(() -> s3.getBucketPolicy(r -> r.bucket("nope")))
                .isInstanceOfSatisfying(NoSuchBucketException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
                    assertThat(e.statusCode()).isEqualTo(404);
                });
        assertThatThrownBy(() -> fleet.s3(MEMBER).getBucketPolicy(r -> r.bucket(BUCKET)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.statusCode()).isEqualTo(403);
                });
    }

    @Test
    void putPolicyIsReadBackAndDeleteRemovesIt() {
        s3.putBucketPolicy(r -> r.bucket(BUCKET).policy(BUCKET_POLICY));
        assertThat(s3.getBucketPolicy(r -> r.bucket(BUCKET)).policy()).isEqualTo(BUCKET_POLICY);

        s3.deleteBucketPolicy(r -> r.bucket(BUCKET));
        assertThat(fleet.account(AUDIT).bucket(BUCKET).policy()).isEmpty();
    }

    @Test
    void malformedOrOversizedBucketPolicyIsRefusedAndNotStored() {
        assertThatThrownBy(() -> s3.putBucketPolicy(r -> r.bucket(BUCKET).policy("{not json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicy");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        String foreignResource = BUCKET_POLICY.replace("arn:aws:s3:::" + BUCKET, "arn:aws:s3:::other-bucket");
        assertThatThrownBy(() -> s3.putBucketPolicy(r -> r.bucket(BUCKET).policy(foreignResource)))
                .isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Policy has invalid resource"));
        String huge = BUCKET_POLICY.replace("AWSCloudTrailAclCheck", "x".repeat(SimS3Client.MAX_POLICY_BYTES));
        assertThatThrownBy(() -> s3.putBucketPolicy(r -> r.bucket(BUCKET).policy(huge)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PolicyTooLarge");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        assertThat(fleet.account(AUDIT).bucket(BUCKET).policy()).isEmpty();
    }

    @Test
    void keyHasTheDefaultPolicyAndDescribesItself() {
        assertThat(kms.getKeyPolicy(r -> r.keyId(key.arn())).policy()).contains("arn:aws:iam::" + AUDIT + ":root");

        KeyMetadata byId = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
        assertThat(byId.arn()).isEqualTo(key.arn());
        assertThat(byId.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(byId.enabled()).isTrue();
        assertThat(byId.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);

        key.scheduleDeletion(java.time.Instant.now().plusSeconds(86_400 * 7));
        KeyMetadata pending = kms.describeKey(r -> r.keyId(key.arn())).keyMetadata();
        assertThat(pending.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(pending.enabled()).isFalse();
        assertThatThrownBy(() -> kms.putKeyPolicy(r -> r.keyId(key.arn()).policy(SimKey.defaultPolicy(AUDIT))))
                .isInstanceOf(KmsInvalidStateException.class);
    }

    @Test
    void unknownKeyIsNotFoundAndOtherAccountsKeyIsDenied() {
        assertThatThrownBy(() -> kms.getKeyPolicy(r -> r.keyId("1234abcd-0000-0000-0000-000000000000")))
                .isInstanceOfSatisfying(NotFoundException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFoundException"));
        assertThatThrownBy(() -> kms.describeKey(r -> r.keyId(key.arn().replace("us-east-1", "eu-west-1"))))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> fleet.kms(MEMBER, "us-east-1").describeKey(r -> r.keyId(key.arn())))
                .isInstanceOfSatisfying(KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    }

    @Test
    void putKeyPolicyEnforcesTheSizeLimit() {
        String policy = SimKey.defaultPolicy(AUDIT);
        String atLimit = policy.replace("Enable IAM User Permissions",
                "x".repeat(SimKmsClient.MAX_POLICY_BYTES - policy.length() + "Enable IAM User Permissions".length()));
        assertThat(atLimit).hasSize(SimKmsClient.MAX_POLICY_BYTES);
        kms.putKeyPolicy(r -> r.keyId(key.keyId()).policy(atLimit));

        assertThatThrownBy(() -> kms.putKeyPolicy(r -> r.keyId(key.keyId()).policy(atLimit.replace("xx", "xxx"))))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceededException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        assertThat(key.policy()).isEqualTo(atLimit);
    }

    @Test
    void lockoutSafetyCheckAndBypassFlagAreRecorded() {
        String noAdmin = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"kms:DescribeKey\",\"Resource\":\"*\"}]}";

        assertThatThrownBy(() -> kms.putKeyPolicy(r -> r.keyId(key.arn()).policy(noAdmin)))
                .isInstanceOf(MalformedPolicyDocumentException.class)
                .hasMessageContaining("will not allow you to update the key policy");
        assertThatThrownBy(() -> kms.putKeyPolicy(r -> r.keyId(key.arn()).policy("not json")))
                .isInstanceOf(MalformedPolicyDocumentException.class);

        kms.putKeyPolicy(r -> r.keyId(key.arn()).policy(SimKey.defaultPolicy(AUDIT)));
        kms.putKeyPolicy(r -> r.keyId(key.arn()).policy(noAdmin).bypassPolicyLockoutSafetyCheck(true));

        assertThat(key.policyWrites()).extracting(SimKey.PolicyWrite::bypassPolicyLockoutSafetyCheck)
                .containsExactly(false, true);
        assertThat(key.policy()).isEqualTo(noAdmin);
    }
}
