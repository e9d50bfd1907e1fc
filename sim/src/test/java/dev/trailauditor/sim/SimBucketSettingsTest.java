package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;

/** The central bucket's and key's hardening settings as the simulated S3 and KMS answer them. */
class SimBucketSettingsTest {
    private static final String AUDIT = "111111111111";
    private static final String BUCKET = "central-trail-logs";
    private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

    private Fleet fleet;
    private SimBucket bucket;
    private SimKey key;
    private S3Client s3;
    private KmsClient kms;

    @BeforeEach
    void setUp() {
        fleet = new Fleet();
        bucket = fleet.account(AUDIT).bucket(BUCKET);
        key = fleet.account(AUDIT).kmsKey("us-east-1");
        s3 = fleet.s3(AUDIT);
        kms = fleet.kms(AUDIT, "us-east-1");
    }

    private static void assertNotConfigured(String code, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(404);
        });
    }

    @Test
    void aNewBucketHasWhatS3GivesANewBucket() {
        assertThat(s3.getPublicAccessBlock(r -> r.bucket(BUCKET)).publicAccessBlockConfiguration())
                .isEqualTo(SimBucket.blockAll(true));
        assertThat(s3.getBucketOwnershipControls(r -> r.bucket(BUCKET)).ownershipControls().rules().get(0).objectOwnership())
                .isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        assertThat(s3.getBucketEncryption(r -> r.bucket(BUCKET)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("AES256");
        assertThat(s3.getBucketVersioning(r -> r.bucket(BUCKET)).status()).as("never versioned").isNull();
        assertThat(s3.getBucketLogging(r -> r.bucket(BUCKET)).loggingEnabled()).isNull();
        assertThat(s3.getBucketAcl(r -> r.bucket(BUCKET)).grants()).singleElement()
                .satisfies(g -> assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL));
        assertNotConfigured("ObjectLockConfigurationNotFoundError", () -> s3.getObjectLockConfiguration(r -> r.bucket(BUCKET)));
        assertNotConfigured("NoSuchBucketPolicy", () -> s3.getBucketPolicyStatus(r -> r.bucket(BUCKET)));
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.arn())).keyRotationEnabled()).as("KMS's default").isFalse();
    }

    @Test
    void hardenedThenWeakenedOneSettingAtATime() {
        bucket.harden("arn:aws:kms:us-east-1:" + AUDIT + ":key/k");
        key.rotation(true);
        ServerSideEncryptionByDefault byDefault = s3.getBucketEncryption(r -> r.bucket(BUCKET))
                .serverSideEncryptionConfiguration().rules().get(0).applyServerSideEncryptionByDefault();
        assertThat(byDefault.sseAlgorithmAsString()).isEqualTo("aws:kms");
        assertThat(byDefault.kmsMasterKeyID()).isEqualTo("arn:aws:kms:us-east-1:" + AUDIT + ":key/k");
        assertThat(s3.getBucketVersioning(r -> r.bucket(BUCKET)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(s3.getBucketLogging(r -> r.bucket(BUCKET)).loggingEnabled().targetBucket()).isEqualTo(BUCKET + "-access-logs");
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).rotationPeriodInDays()).isEqualTo(365);

        bucket.publicAccessBlock(null).noDefaultEncryption().ownership(null).noAccessLogging()
                .versioning(BucketVersioningStatus.SUSPENDED);
        assertNotConfigured("NoSuchPublicAccessBlockConfiguration", () -> s3.getPublicAccessBlock(r -> r.bucket(BUCKET)));
        assertNotConfigured("ServerSideEncryptionConfigurationNotFoundError", () -> s3.getBucketEncryption(r -> r.bucket(BUCKET)));
        assertNotConfigured("OwnershipControlsNotFoundError", () -> s3.getBucketOwnershipControls(r -> r.bucket(BUCKET)));
        assertThat(s3.getBucketLogging(r -> r.bucket(BUCKET)).loggingEnabled()).isNull();
        assertThat(s3.getBucketVersioning(r -> r.bucket(BUCKET)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
    }

    @Test
    void groupGrantsShowOnlyWhileAclsAreOn() {
        bucket.grantToGroup(ALL_USERS, Permission.READ);
        assertThat(s3.getBucketAcl(r -> r.bucket(BUCKET)).grants()).as("BucketOwnerEnforced: ACLs disabled").hasSize(1);

        bucket.ownership(ObjectOwnership.OBJECT_WRITER);
        assertThat(s3.getBucketAcl(r -> r.bucket(BUCKET)).grants()).extracting(g -> g.grantee().uri()).contains(ALL_USERS);
    }

    @Test
    void policyStatusIsPublicOnlyForAGrantToEveryoneWithoutAFixedSource() {
        String everyone = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
                 "Resource":"arn:aws:s3:::central-trail-logs/*"%s}]}""";
        bucket.policy(everyone.formatted(""));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(BUCKET)).policyStatus().isPublic()).isTrue();
        bucket.policy(everyone.formatted(",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"222222222222\"}}"));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(BUCKET)).policyStatus().isPublic()).isFalse();
        bucket.policy(everyone.formatted(",\"Condition\":{\"StringEqualsIfExists\":{\"aws:SourceAccount\":\"222222222222\"}}"));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(BUCKET)).policyStatus().isPublic()).as("IfExists fixes nothing").isTrue();
        bucket.policy(GrantingPolicies.bucket(BUCKET, "org", java.util.List.of("arn:aws:cloudtrail:us-east-1:222222222222:trail/t")));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(BUCKET)).policyStatus().isPublic()).as("CloudTrail grants and a Deny").isFalse();
    }

    @Test
    void objectLockIsReportedAsConfigured() {
        bucket.objectLock(software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode.COMPLIANCE, 365);
        var lock = s3.getObjectLockConfiguration(r -> r.bucket(BUCKET)).objectLockConfiguration();
        assertThat(lock.objectLockEnabledAsString()).isEqualTo("Enabled");
        assertThat(lock.rule().defaultRetention().days()).isEqualTo(365);
    }
}
