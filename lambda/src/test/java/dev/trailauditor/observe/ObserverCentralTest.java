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
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How single central reads are handled, with Mockito at the SDK edge. */
class ObserverCentralTest {
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/k";
    private static final AuditConfig CONFIG = new AuditConfig("central-logs", LogPrefix.NONE, Arn.of(KEY), "111111111111", "t", "eu-west-1",
            "R", Optional.empty(), Optional.empty(), Duration.ofHours(24), 2,
            List.of(Member.of("aws", "222222222222", Optional.empty(), "t", "eu-west-1", "R", false)), Repairs.REPORT_ONLY);

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
                .thenReturn(DescribeKeyResponse.builder().keyMetadata(KeyMetadata.builder().arn(KEY).build()).build());
        when(s3.getBucketPolicy(any(Consumer.class))).thenCallRealMethod();
        // The hardening reads: a bucket that has none of the optional settings, a key that rotates.
        when(s3.getPublicAccessBlock(any(Consumer.class))).thenCallRealMethod();
        when(s3.getPublicAccessBlock(any(GetPublicAccessBlockRequest.class))).thenThrow(s3Error("NoSuchPublicAccessBlockConfiguration", 404));
        when(s3.getBucketPolicyStatus(any(Consumer.class))).thenCallRealMethod();
        when(s3.getBucketPolicyStatus(any(GetBucketPolicyStatusRequest.class))).thenThrow(s3Error("NoSuchBucketPolicy", 404));
        when(s3.getBucketAcl(any(Consumer.class))).thenCallRealMethod();
        when(s3.getBucketAcl(any(GetBucketAclRequest.class))).thenReturn(GetBucketAclResponse.builder().build());
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
        assertThat(settings.aclGrants().value()).isEmpty();
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
}
