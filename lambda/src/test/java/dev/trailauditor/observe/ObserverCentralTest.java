package dev.trailauditor.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.config.Repairs;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.LogPrefix;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusRequest;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.s3.model.GetBucketAclRequest;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLoggingRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLoggingResponse;
import software.amazon.awssdk.services.s3.model.GetBucketOwnershipControlsRequest;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyStatusRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.GetBucketOwnershipControlsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyStatusResponse;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.PolicyStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

/** How single central reads are handled, with Mockito at the SDK edge. */
class ObserverCentralTest {
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/k";
    private static final AuditConfig CONFIG = new AuditConfig("central-logs", LogPrefix.NONE, Arn.of(KEY), "111111111111", "t", "eu-west-1",
            "R", Optional.empty(), Optional.empty(), Duration.ofHours(24), 2,
            List.of(Member.of("aws", "222222222222", Optional.empty(), "t", "eu-west-1", "R", false)), Repairs.REPORT_ONLY);

    private static final KeyMetadata KEY_METADATA = KeyMetadata.builder().arn(KEY).enabled(true).keyState(KeyState.ENABLED).build();
    /** The owner's full control, which every bucket ACL holds. */
    private static final Grant OWNER = Grant.builder().grantee(g -> g.type(Type.CANONICAL_USER).id("owner"))
            .permission(Permission.FULL_CONTROL).build();

    private final S3Client s3 = mock(S3Client.class);
    private final KmsClient kms = mock(KmsClient.class);
    private Observer observer;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        AwsClients clients = mock(AwsClients.class);
        when(clients.s3("eu-west-1")).thenReturn(s3);
        when(clients.kms("eu-west-1")).thenReturn(kms);
        when(kms.getKeyPolicy(any(Consumer.class))).thenCallRealMethod();
        when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class))).thenReturn(GetKeyPolicyResponse.builder().policy("{}").build());
        when(kms.describeKey(any(Consumer.class))).thenCallRealMethod();
        when(kms.describeKey(any(DescribeKeyRequest.class)))
                .thenReturn(DescribeKeyResponse.builder().keyMetadata(KEY_METADATA).build());
        when(s3.getBucketPolicy(any(Consumer.class))).thenCallRealMethod();
        // The hardening reads: a bucket that has none of the optional settings, a key that rotates.
        when(s3.getPublicAccessBlock(any(Consumer.class))).thenCallRealMethod();
        when(s3.getPublicAccessBlock(any(GetPublicAccessBlockRequest.class))).thenThrow(s3Error("NoSuchPublicAccessBlockConfiguration", 404));
        when(s3.getBucketPolicyStatus(any(Consumer.class))).thenCallRealMethod();
        when(s3.getBucketPolicyStatus(any(GetBucketPolicyStatusRequest.class))).thenThrow(s3Error("NoSuchBucketPolicy", 404));
        when(s3.getBucketAcl(any(Consumer.class))).thenCallRealMethod();
        when(s3.getBucketAcl(any(GetBucketAclRequest.class))).thenReturn(GetBucketAclResponse.builder().grants(OWNER).build());
        when(s3.getBucketVersioning(any(Consumer.class))).thenCallRealMethod();
        when(s3.getBucketVersioning(any(GetBucketVersioningRequest.class))).thenReturn(GetBucketVersioningResponse.builder().build());
        when(s3.getObjectLockConfiguration(any(Consumer.class))).thenCallRealMethod();
        when(s3.getObjectLockConfiguration(any(GetObjectLockConfigurationRequest.class)))
                .thenThrow(s3Error("ObjectLockConfigurationNotFoundError", 404));
        when(s3.getBucketLogging(any(Consumer.class))).thenCallRealMethod();
        when(s3.getBucketLogging(any(GetBucketLoggingRequest.class))).thenReturn(GetBucketLoggingResponse.builder().build());
        when(s3.getBucketEncryption(any(Consumer.class))).thenCallRealMethod();
        when(s3.getBucketEncryption(any(GetBucketEncryptionRequest.class)))
                .thenThrow(s3Error("ServerSideEncryptionConfigurationNotFoundError", 404));
        when(s3.getBucketOwnershipControls(any(Consumer.class))).thenCallRealMethod();
        when(s3.getBucketOwnershipControls(any(GetBucketOwnershipControlsRequest.class)))
                .thenThrow(s3Error("OwnershipControlsNotFoundError", 404));
        when(kms.getKeyRotationStatus(any(Consumer.class))).thenCallRealMethod();
        when(kms.getKeyRotationStatus(any(GetKeyRotationStatusRequest.class)))
                .thenReturn(GetKeyRotationStatusResponse.builder().keyRotationEnabled(true).build());
        observer = new Observer(clients, CONFIG, Clock.systemUTC());
    }

    @Test
    void settingsThatAreNotConfiguredAreStatesNotFailures() {
        CentralSettings settings = observer.observeCentral().settings();

        assertThat(List.of(settings.publicAccessBlock(), settings.policyStatus(), settings.objectLock(), settings.logging(),
                settings.encryption(), settings.ownership())).allSatisfy(read -> {
                    assertThat(read.ok()).as(String.valueOf(read.failure())).isTrue();
                    assertThat(read.value()).isEmpty();
                });
        assertThat(settings.versioning().value().status()).as("never versioned").isNull();
        assertThat(settings.aclGrants().value()).containsExactly(OWNER);
        assertThat(settings.keyRotation().value().keyRotationEnabled()).isTrue();
    }

    @Test
    void aSettingThatCannotBeReadFailsAloneWithItsCode() {
        when(s3.getBucketPolicy(any(GetBucketPolicyRequest.class))).thenReturn(GetBucketPolicyResponse.builder().policy("{}").build());
        when(s3.getBucketVersioning(any(GetBucketVersioningRequest.class))).thenThrow(s3Error("AccessDenied", 403));
        // Another bucket's "not configured" code is no answer for this setting: it is a failure, not "none".
        when(s3.getBucketEncryption(any(GetBucketEncryptionRequest.class))).thenThrow(s3Error("NoSuchPublicAccessBlockConfiguration", 404));

        CentralSnapshot snapshot = observer.observeCentral();

        assertThat(snapshot.settings().versioning().failure()).isEqualTo("AccessDenied: AccessDenied message");
        assertThat(snapshot.settings().encryption().failure()).startsWith("NoSuchPublicAccessBlockConfiguration");
        assertThat(snapshot.settings().ownership().ok()).isTrue();
        assertThat(snapshot.bucketPolicy().ok()).as("the policy read is its own").isTrue();
    }

    private static S3Exception s3Error(String code, int status) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build()).build();
    }

    @Test
    void bucketWithoutPolicyIsAValidEmptyState() {
        when(s3.getBucketPolicy(any(GetBucketPolicyRequest.class))).thenThrow(s3Error("NoSuchBucketPolicy", 404));

        CentralSnapshot snapshot = observer.observeCentral();

        assertThat(snapshot.bucketPolicy().ok()).isTrue();
        assertThat(snapshot.bucketPolicy().value()).isEmpty();
        assertThat(snapshot.keyPolicy().value()).isEqualTo("{}");
    }

    @Test
    void otherErrorsAreFailuresWithTheirCode() {
        when(s3.getBucketPolicy(any(GetBucketPolicyRequest.class))).thenThrow(s3Error("AccessDenied", 403));
        when(kms.describeKey(any(DescribeKeyRequest.class))).thenThrow(NotFoundException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotFoundException").errorMessage("Key not found").build()).build());

        CentralSnapshot snapshot = observer.observeCentral();

        assertThat(snapshot.bucketPolicy().failure()).isEqualTo("AccessDenied: AccessDenied message");
        assertThat(snapshot.key().failure()).isEqualTo("NotFoundException: Key not found");
        assertThat(snapshot.keyPolicy().ok()).as("one failed read does not spoil the others").isTrue();
    }
    /** One answer, complete but for one field whose absence the API reference gives no meaning: that read fails alone. */
    enum Incomplete {
        POLICY_STATUS_WITHOUT_IS_PUBLIC("GetBucketPolicyStatus answered without PolicyStatus.IsPublic", CentralSettings::policyStatus),
        POLICY_STATUS_WITHOUT_STATUS("GetBucketPolicyStatus answered without PolicyStatus.IsPublic", CentralSettings::policyStatus),
        PUBLIC_ACCESS_BLOCK_WITHOUT_ONE_SETTING("GetPublicAccessBlock answered without RestrictPublicBuckets",
                CentralSettings::publicAccessBlock),
        PUBLIC_ACCESS_BLOCK_WITHOUT_CONFIGURATION("GetPublicAccessBlock answered without PublicAccessBlockConfiguration",
                CentralSettings::publicAccessBlock),
        ACL_WITHOUT_GRANTS("GetBucketAcl answered without Grants", CentralSettings::aclGrants),
        OBJECT_LOCK_WITHOUT_CONFIGURATION("GetObjectLockConfiguration answered without ObjectLockConfiguration",
                CentralSettings::objectLock),
        LOGGING_WITHOUT_TARGET("GetBucketLogging answered without LoggingEnabled.TargetBucket", CentralSettings::logging),
        ENCRYPTION_WITHOUT_RULES("GetBucketEncryption answered without Rules", CentralSettings::encryption),
        ENCRYPTION_WITHOUT_ALGORITHM("GetBucketEncryption answered without ApplyServerSideEncryptionByDefault.SSEAlgorithm",
                CentralSettings::encryption),
        OWNERSHIP_WITHOUT_RULES("GetBucketOwnershipControls answered without OwnershipControls.Rules.ObjectOwnership",
                CentralSettings::ownership),
        OWNERSHIP_WITHOUT_SETTING("GetBucketOwnershipControls answered without OwnershipControls.Rules.ObjectOwnership",
                CentralSettings::ownership),
        ROTATION_WITHOUT_ENABLED("GetKeyRotationStatus answered without KeyRotationEnabled", CentralSettings::keyRotation);

        final String failure;
        final java.util.function.Function<CentralSettings, Observation<?>> read;

        Incomplete(String failure, java.util.function.Function<CentralSettings, Observation<?>> read) {
            this.failure = failure + ": what it would say is unknown";
            this.read = read;
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Incomplete.class)
    void anAnswerWithoutWhatIsJudgedFailsItsReadAloneWithTheReason(Incomplete answer) {
        switch (answer) {
            case POLICY_STATUS_WITHOUT_IS_PUBLIC -> when(s3.getBucketPolicyStatus(any(GetBucketPolicyStatusRequest.class)))
                    .thenReturn(GetBucketPolicyStatusResponse.builder().policyStatus(PolicyStatus.builder().build()).build());
            case POLICY_STATUS_WITHOUT_STATUS -> when(s3.getBucketPolicyStatus(any(GetBucketPolicyStatusRequest.class)))
                    .thenReturn(GetBucketPolicyStatusResponse.builder().build());
            case PUBLIC_ACCESS_BLOCK_WITHOUT_ONE_SETTING -> when(s3.getPublicAccessBlock(any(GetPublicAccessBlockRequest.class)))
                    .thenReturn(GetPublicAccessBlockResponse.builder().publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                            .ignorePublicAcls(true).blockPublicPolicy(true)).build());
            case PUBLIC_ACCESS_BLOCK_WITHOUT_CONFIGURATION -> when(s3.getPublicAccessBlock(any(GetPublicAccessBlockRequest.class)))
                    .thenReturn(GetPublicAccessBlockResponse.builder().build());
            case ACL_WITHOUT_GRANTS -> when(s3.getBucketAcl(any(GetBucketAclRequest.class)))
                    .thenReturn(GetBucketAclResponse.builder().build());
            case OBJECT_LOCK_WITHOUT_CONFIGURATION -> when(s3.getObjectLockConfiguration(any(GetObjectLockConfigurationRequest.class)))
                    .thenReturn(GetObjectLockConfigurationResponse.builder().build());
            case LOGGING_WITHOUT_TARGET -> when(s3.getBucketLogging(any(GetBucketLoggingRequest.class)))
                    .thenReturn(GetBucketLoggingResponse.builder().loggingEnabled(l -> l.targetPrefix("logs/")).build());
            case ENCRYPTION_WITHOUT_RULES -> when(s3.getBucketEncryption(any(GetBucketEncryptionRequest.class)))
                    .thenReturn(GetBucketEncryptionResponse.builder().serverSideEncryptionConfiguration(c -> { }).build());
            case ENCRYPTION_WITHOUT_ALGORITHM -> when(s3.getBucketEncryption(any(GetBucketEncryptionRequest.class)))
                    .thenReturn(GetBucketEncryptionResponse.builder().serverSideEncryptionConfiguration(c -> c.rules(r -> r
                            .applyServerSideEncryptionByDefault(d -> d.kmsMasterKeyID(KEY)))).build());
            case OWNERSHIP_WITHOUT_RULES -> when(s3.getBucketOwnershipControls(any(GetBucketOwnershipControlsRequest.class)))
                    .thenReturn(GetBucketOwnershipControlsResponse.builder().ownershipControls(c -> { }).build());
            case OWNERSHIP_WITHOUT_SETTING -> when(s3.getBucketOwnershipControls(any(GetBucketOwnershipControlsRequest.class)))
                    .thenReturn(GetBucketOwnershipControlsResponse.builder().ownershipControls(c -> c.rules(r -> { })).build());
            case ROTATION_WITHOUT_ENABLED -> when(kms.getKeyRotationStatus(any(GetKeyRotationStatusRequest.class)))
                    .thenReturn(GetKeyRotationStatusResponse.builder().build());
        }

        CentralSettings settings = observer.observeCentral().settings();

        assertThat(answer.read.apply(settings).failure()).isEqualTo(answer.failure);
        assertThat(List.of(settings.publicAccessBlock(), settings.policyStatus(), settings.aclGrants(), settings.versioning(),
                settings.objectLock(), settings.logging(), settings.encryption(), settings.ownership(), settings.keyRotation()))
                .as("the others are read").filteredOn(read -> !read.ok()).hasSize(1);
    }

    @Test
    void aPolicyOrKeyAnswerWithoutWhatIsJudgedIsAFailedRead() {
        when(s3.getBucketPolicy(any(GetBucketPolicyRequest.class))).thenReturn(GetBucketPolicyResponse.builder().build());
        when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class))).thenReturn(GetKeyPolicyResponse.builder().policyName("default").build());
        when(kms.describeKey(any(DescribeKeyRequest.class)))
                .thenReturn(DescribeKeyResponse.builder().keyMetadata(KEY_METADATA.toBuilder().keyState((String) null).build()).build());

        CentralSnapshot snapshot = observer.observeCentral();

        assertThat(snapshot.bucketPolicy().failure()).isEqualTo("GetBucketPolicy answered without Policy: what it would say is unknown");
        assertThat(snapshot.keyPolicy().failure()).isEqualTo("GetKeyPolicy answered without Policy: what it would say is unknown");
        assertThat(snapshot.key().failure())
                .isEqualTo("DescribeKey answered without KeyMetadata.KeyState and Enabled: what it would say is unknown");
        when(kms.describeKey(any(DescribeKeyRequest.class)))
                .thenReturn(DescribeKeyResponse.builder().keyMetadata(KEY_METADATA.toBuilder().enabled(null).build()).build());
        assertThat(observer.observeCentral().key().ok()).isFalse();
        when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(DescribeKeyResponse.builder().build());
        assertThat(observer.observeCentral().key().ok()).isFalse();
    }
}
