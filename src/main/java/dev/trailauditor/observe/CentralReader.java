package dev.trailauditor.observe;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.config.AuditConfig;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads the central bucket policy, key policy and key, with the function's own role. */
public final class CentralReader {
    public static final String KEY_POLICY_NAME = "default";

    private final AuditConfig config;
    private final S3Client s3;
    private final KmsClient kms;

    public CentralReader(AwsClients clients, AuditConfig config) {
        this.config = config;
        this.s3 = clients.s3(config.centralRegion());
        this.kms = clients.kms(config.centralRegion());
    }

    /** No bucket policy at all is a valid state (nothing granted yet), not a failure to read. */
    public Optional<String> bucketPolicy() {
        try {
            return Optional.of(s3.getBucketPolicy(r -> r.bucket(config.centralBucket())).policy());
        } catch (S3Exception e) {
            if (e.awsErrorDetails() != null && "NoSuchBucketPolicy".equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public String keyPolicy() {
        return kms.getKeyPolicy(r -> r.keyId(config.keyArn()).policyName(KEY_POLICY_NAME)).policy();
    }

    public KeyMetadata key() {
        return kms.describeKey(r -> r.keyId(config.keyArn())).keyMetadata();
    }
}
