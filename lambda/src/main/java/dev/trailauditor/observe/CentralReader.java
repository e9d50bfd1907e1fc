package dev.trailauditor.observe;

import static dev.trailauditor.aws.IncompleteAnswer.required;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.config.AuditConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.OwnershipControls;
import software.amazon.awssdk.services.s3.model.PolicyStatus;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * Reads the central bucket policy, key policy, key and their hardening settings, what else can read or drop the logs,
 * the report topic's subscriptions, and the event bus's policy, with the function's own role.
 */
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
        return unlessNotSet(NO_BUCKET_POLICY, () -> required(
                s3.getBucketPolicy(r -> r.bucket(bucket()).expectedBucketOwner(owner())).policy(), "GetBucketPolicy", "Policy"));
    }

    /** The error code of GetBucketPolicy and GetBucketPolicyStatus on a bucket without a policy. */
    private static final String NO_BUCKET_POLICY = "NoSuchBucketPolicy";

    /**
     * GetPublicAccessBlock (IAM action s3:GetBucketPublicAccessBlock); a bucket with none configured answers
     * NoSuchPublicAccessBlockConfiguration (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html).
     * A configuration must say each of its four settings: the reference gives none a default
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html).
     */
    public Optional<PublicAccessBlockConfiguration> publicAccessBlock() {
        return unlessNotSet("NoSuchPublicAccessBlockConfiguration", () -> {
            String call = "GetPublicAccessBlock";
            PublicAccessBlockConfiguration block = required(s3.getPublicAccessBlock(r -> r.bucket(bucket())
                    .expectedBucketOwner(owner())).publicAccessBlockConfiguration(), call, "PublicAccessBlockConfiguration");
            required(block.blockPublicAcls(), call, "BlockPublicAcls");
            required(block.ignorePublicAcls(), call, "IgnorePublicAcls");
            required(block.blockPublicPolicy(), call, "BlockPublicPolicy");
            required(block.restrictPublicBuckets(), call, "RestrictPublicBuckets");
            return block;
        });
    }

    /**
     * GetBucketPolicyStatus: S3's own verdict whether the bucket policy makes the bucket public
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicyStatus.html); without a policy
     * it answers NoSuchBucketPolicy, as GetBucketPolicy does. IsPublic has no documented default
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PolicyStatus.html): an answer without it, as from an
     * endpoint that does not implement the call, says nothing, and is no "not public".
     */
    public Optional<PolicyStatus> policyStatus() {
        return unlessNotSet(NO_BUCKET_POLICY, () -> required(
                s3.getBucketPolicyStatus(r -> r.bucket(bucket()).expectedBucketOwner(owner())).policyStatus(),
                status -> status.isPublic() != null, "GetBucketPolicyStatus", "PolicyStatus.IsPublic"));
    }

    /**
     * GetBucketAcl (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketAcl.html). Every ACL grants the
     * bucket owner full control, even with ACLs disabled
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html): an answer without
     * any grant is no answer, and no proof of "no public grant".
     */
    public List<Grant> aclGrants() {
        return required(s3.getBucketAcl(r -> r.bucket(bucket()).expectedBucketOwner(owner())).grants(),
                grants -> !grants.isEmpty(), "GetBucketAcl", "Grants");
    }

    /**
     * GetBucketVersioning: Status Enabled or Suspended, absent on a bucket never versioned
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html).
     */
    public GetBucketVersioningResponse versioning() {
        return s3.getBucketVersioning(r -> r.bucket(bucket()).expectedBucketOwner(owner()));
    }

    /**
     * GetObjectLockConfiguration (IAM action s3:GetBucketObjectLockConfiguration); a bucket without Object Lock
     * answers ObjectLockConfigurationNotFoundError
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectLockConfiguration.html).
     */
    public Optional<ObjectLockConfiguration> objectLock() {
        return unlessNotSet("ObjectLockConfigurationNotFoundError", () -> required(s3.getObjectLockConfiguration(r ->
                r.bucket(bucket()).expectedBucketOwner(owner())).objectLockConfiguration(), "GetObjectLockConfiguration",
                "ObjectLockConfiguration"));
    }

    /**
     * GetBucketLogging: LoggingEnabled is absent when server access logging is off (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLogging.html);
     * when present it names its TargetBucket, a required member (https://docs.aws.amazon.com/AmazonS3/latest/API/API_LoggingEnabled.html).
     */
    public Optional<LoggingEnabled> logging() {
        Optional<LoggingEnabled> logging = Optional.ofNullable(
                s3.getBucketLogging(r -> r.bucket(bucket()).expectedBucketOwner(owner())).loggingEnabled());
        logging.ifPresent(l -> required(l.targetBucket(), "GetBucketLogging", "LoggingEnabled.TargetBucket"));
        return logging;
    }

    /**
     * GetBucketEncryption (IAM action s3:GetEncryptionConfiguration); a bucket without default encryption answers
     * ServerSideEncryptionConfigurationNotFoundError (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html).
     */
    public Optional<ServerSideEncryptionConfiguration> encryption() {
        return unlessNotSet("ServerSideEncryptionConfigurationNotFoundError", () -> {
            String call = "GetBucketEncryption";
            ServerSideEncryptionConfiguration configuration = required(s3.getBucketEncryption(r -> r.bucket(bucket())
                    .expectedBucketOwner(owner())).serverSideEncryptionConfiguration(), c -> !c.rules().isEmpty(), call, "Rules");
            // A rule's default, when it has one, names its algorithm: SSEAlgorithm is required
            // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionByDefault.html).
            configuration.rules().stream().map(ServerSideEncryptionRule::applyServerSideEncryptionByDefault)
                    .filter(java.util.Objects::nonNull)
                    .forEach(byDefault -> required(byDefault.sseAlgorithmAsString(), call, "ApplyServerSideEncryptionByDefault.SSEAlgorithm"));
            return configuration;
        });
    }

    /**
     * GetBucketOwnershipControls; a bucket without the setting (older than it, or deleted) answers
     * OwnershipControlsNotFoundError (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketOwnershipControls.html).
     */
    public Optional<OwnershipControls> ownership() {
        // Rules and each rule's ObjectOwnership are required (https://docs.aws.amazon.com/AmazonS3/latest/API/API_OwnershipControlsRule.html).
        return unlessNotSet("OwnershipControlsNotFoundError", () -> required(s3.getBucketOwnershipControls(r -> r.bucket(bucket())
                        .expectedBucketOwner(owner())).ownershipControls(),
                controls -> !controls.rules().isEmpty() && controls.rules().stream().allMatch(rule -> rule.objectOwnership() != null),
                "GetBucketOwnershipControls", "OwnershipControls.Rules.ObjectOwnership"));
    }

    /**
     * GetKeyRotationStatus: KeyRotationEnabled and RotationPeriodInDays (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html);
     * KeyRotationEnabled has no documented default.
     */
    public GetKeyRotationStatusResponse keyRotation() {
        return required(kms.getKeyRotationStatus(r -> r.keyId(config.keyArn().toString())),
                status -> status.keyRotationEnabled() != null, "GetKeyRotationStatus", "KeyRotationEnabled");
    }

    private String bucket() {
        return config.centralBucket();
    }

    /** Every call on the central bucket names its owner (see {@link AuditConfig#bucketOwner()}). */
    private String owner() {
        return config.bucketOwner();
    }

    /** The setting, or empty when S3 answers with the error code that means it is not configured. */
    private static <T> Optional<T> unlessNotSet(String notSetCode, Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (S3Exception e) {
            if (notSetCode.equals(errorCode(e))) {
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
        return required(kms.getKeyPolicy(r -> r.keyId(config.keyArn().toString()).policyName(KEY_POLICY_NAME)).policy(),
                "GetKeyPolicy", "Policy");
    }

    /**
     * DescribeKey's KeyMetadata, with the two fields that say whether the key is usable, neither with a documented
     * default (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html).
     */
    public KeyMetadata key() {
        return required(kms.describeKey(r -> r.keyId(config.keyArn().toString())).keyMetadata(),
                key -> key.keyState() != null && key.enabled() != null, "DescribeKey", "KeyMetadata.KeyState and Enabled");
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

    // --- log custody: what can read or drop the logs outside the policies, and who hears the report ---

    /** ListGrants returns at most 100 grants a page (https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html). */
    private static final int GRANTS_PAGE = 100;

    /**
     * Every grant on the central key, page by page (Marker, NextMarker, Truncated). A page that says it is truncated
     * without a fresh NextMarker cannot be followed: the grants beyond it are unseen, so the read fails rather than
     * passing on part of the list.
     */
    public List<GrantListEntry> keyGrants() {
        List<GrantListEntry> grants = new ArrayList<>();
        Set<String> markers = new HashSet<>();
        String marker = null;
        while (true) {
            String from = marker;
            ListGrantsResponse page = kms.listGrants(r -> r.keyId(config.keyArn().toString()).limit(GRANTS_PAGE).marker(from));
            grants.addAll(page.grants());
            if (!Boolean.TRUE.equals(page.truncated())) {
                return grants;
            }
            marker = page.nextMarker();
            if (marker == null || marker.isEmpty() || !markers.add(marker)) {
                throw new IncompleteAnswer("KMS ListGrants said more grants follow but gave " + (marker == null || marker.isEmpty()
                        ? "no NextMarker" : "a NextMarker it gave before") + " after " + grants.size() + " grants: the rest are unseen");
            }
        }
    }

    /**
     * GetBucketLifecycleConfiguration (IAM action s3:GetLifecycleConfiguration); a bucket without one answers
     * NoSuchLifecycleConfiguration (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLifecycleConfiguration.html).
     */
    public Optional<List<LifecycleRule>> lifecycle() {
        return unlessNotSet("NoSuchLifecycleConfiguration",
                () -> withRules(s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket()).expectedBucketOwner(owner()))
                        .rules(), "lifecycle"));
    }

    /**
     * GetBucketReplication (IAM action s3:GetReplicationConfiguration); a bucket without one answers
     * ReplicationConfigurationNotFoundError (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketReplication.html,
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ReplicationErrorCodeList).
     */
    public Optional<ReplicationConfiguration> replication() {
        return unlessNotSet("ReplicationConfigurationNotFoundError", () -> {
            ReplicationConfiguration configuration = s3.getBucketReplication(r -> r.bucket(bucket())
                    .expectedBucketOwner(owner())).replicationConfiguration();
            withRules(configuration == null ? List.of() : configuration.rules(), "replication");
            return configuration;
        });
    }

    /** A configuration S3 stores has at least one rule: an answer without any is no answer to judge, not "none". */
    private static <T> List<T> withRules(List<T> rules, String what) {
        if (rules == null || rules.isEmpty()) {
            throw new IncompleteAnswer("S3 answered a " + what + " configuration without rules");
        }
        return rules;
    }

    /**
     * GetTopicAttributes on the report topic, in its own region: SubscriptionsConfirmed and SubscriptionsPending among
     * them (https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html). Empty when the run has no topic.
     */
    public Optional<Map<String, String>> reportTopic() {
        return config.reportTopicArn().map(topic -> clients.sns(topic.region())
                .getTopicAttributes(r -> r.topicArn(topic.toString())).attributes());
    }

    /** An answer that cannot be read whole. */
    static final class IncompleteAnswer extends RuntimeException {
        IncompleteAnswer(String message) {
            super(message, null, false, false);
        }
    }
}
