package dev.trailauditor.observe;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.config.AuditConfig;
import java.util.Optional;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads the central bucket policy, key policy and key, and the event bus's policy, with the function's own role. */
public final class CentralReader {
    public static final String KEY_POLICY_NAME = "default";

    private final AuditConfig config;
    private final S3Client s3;
    private final KmsClient kms;
    private final AwsClients clients;

    public CentralReader(AwsClients clients, AuditConfig config) {
        this.config = config;
        this.clients = clients;
        this.s3 = clients.s3(config.centralRegion());
        this.kms = clients.kms(config.centralRegion());
    }

    /** No bucket policy at all is a valid state (nothing granted yet), not a failure to read. */
    public Optional<String> bucketPolicy() {
        try {
            return Optional.of(s3.getBucketPolicy(r -> r.bucket(config.centralBucket())).policy());
        } catch (S3Exception e) {
            if ("NoSuchBucketPolicy".equals(errorCode(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * S3 answers GetBucketPolicy on a missing bucket with error code NoSuchBucket (404)
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList).
     */
    public static boolean isNoSuchBucket(RuntimeException e) {
        return e instanceof S3Exception s3 && "NoSuchBucket".equals(errorCode(s3));
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    public String keyPolicy() {
        return kms.getKeyPolicy(r -> r.keyId(config.keyArn().toString()).policyName(KEY_POLICY_NAME)).policy();
    }

    public KeyMetadata key() {
        return kms.describeKey(r -> r.keyId(config.keyArn().toString())).keyMetadata();
    }

    /**
     * The bus's policy: DescribeEventBus takes the bus's name or ARN and answers with its Policy, a JSON string, absent
     * while the bus has none (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeEventBus.html).
     * Only called when a bus is configured.
     */
    public Optional<String> busPolicy() {
        String bus = config.eventBusArn().orElseThrow().toString();
        return Optional.ofNullable(events().describeEventBus(r -> r.name(bus)).policy());
    }

    /** The EventBridge client, built only by a run that has a bus. */
    public EventBridgeClient events() {
        return clients.eventBridge(config.centralRegion());
    }
}
