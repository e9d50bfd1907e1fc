package dev.trailauditor.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRule;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * An S3 bucket (names are global, so the fleet keeps them), its bucket policy, its settings and its objects.
 * A new bucket has what S3 gives a new bucket today: Block Public Access on, ACLs disabled
 * (BucketOwnerEnforced), SSE-S3 default encryption, no versioning, no access logging, no Object Lock, no lifecycle
 * rules, no replication (https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html).
 */
public final class SimBucket {
    /** SSE-S3, as HeadObject names it (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). */
    public static final String SSE_S3 = "AES256";
    public static final String SSE_KMS = "aws:kms";

    /**
     * One object as S3 keeps it: when it was written, how it is encrypted (the key ARN only for SSE-KMS) and, for
     * what the auditor writes itself (its run reports), its bytes; a delivered log file's content is never read.
     */
    public record SimObject(String key, Instant lastModified, String serverSideEncryption, String kmsKeyId, byte[] content,
                            String contentType) {

        /** A report as PutObject stores it: SSE-S3, the history bucket's default; its key is set when it is stored. */
        public SimObject(byte[] content, String contentType, Instant lastModified) {
            this(null, lastModified, SSE_S3, null, content, contentType);
        }

        SimObject withKey(String newKey) {
            return new SimObject(newKey, lastModified, serverSideEncryption, kmsKeyId, content, contentType);
        }

        public String text() {
            return new String(content, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final ConcurrentSkipListMap<String, SimObject> objects = new ConcurrentSkipListMap<>();
    private final String name;
    private final String ownerAccountId;
    private volatile String region = "us-east-1";
    private volatile String policy;

    private volatile PublicAccessBlockConfiguration publicAccessBlock = blockAll(true);
    private final List<Grant> publicGrants = new CopyOnWriteArrayList<>();
    private volatile BucketVersioningStatus versioning;
    private volatile ObjectLockConfiguration objectLock;
    private volatile LoggingEnabled logging;
    private volatile ServerSideEncryptionConfiguration encryption = encryption(ServerSideEncryptionByDefault.builder()
            .sseAlgorithm(ServerSideEncryption.AES256).build(), false);
    private volatile ObjectOwnership ownership = ObjectOwnership.BUCKET_OWNER_ENFORCED;
    private volatile boolean policyStatusWithoutIsPublic;
    private volatile List<LifecycleRule> lifecycle;
    private volatile ReplicationConfiguration replication;

    SimBucket(String name, String ownerAccountId) {
        this.name = name;
        this.ownerAccountId = ownerAccountId;
    }

    public String name() {
        return name;
    }

    public String ownerAccountId() {
        return ownerAccountId;
    }

    public String region() {
        return region;
    }

    public SimBucket region(String region) {
        this.region = region;
        return this;
    }

    /** Sets the policy as stored text (not validated: tests may need a broken one). */
    public SimBucket policy(String policyJson) {
        this.policy = policyJson;
        return this;
    }

    public SimBucket noPolicy() {
        this.policy = null;
        return this;
    }

    public Optional<String> policy() {
        return Optional.ofNullable(policy);
    }

    /** Stores an object as a test sets it up (a broken one, say), as PutObject stores it. */
    public SimBucket object(String key, SimObject object) {
        objects.put(key, object.withKey(key));
        return this;
    }

    public Optional<SimObject> object(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    /** Every object by key, in key order. */
    public Map<String, SimObject> objects() {
        return new TreeMap<>(objects);
    }

    // --- hardening: what a log bucket should have, each settable to a weak value ---

    /** What a hardened log bucket has besides its policy: versioning, access logging, SSE-KMS with the key. */
    public SimBucket harden(String keyArn) {
        publicAccessBlock = blockAll(true);
        publicGrants.clear();
        versioning = BucketVersioningStatus.ENABLED;
        logging = LoggingEnabled.builder().targetBucket(name + "-access-logs").targetPrefix(name + "/").build();
        encryption = encryption(ServerSideEncryptionByDefault.builder().sseAlgorithm(ServerSideEncryption.AWS_KMS)
                .kmsMasterKeyID(keyArn).build(), true);
        ownership = ObjectOwnership.BUCKET_OWNER_ENFORCED;
        lifecycle = List.of(KEEP_SEVEN_YEARS);
        replication = null;
        return this;
    }

    /** What a log bucket may well have: every object expires after seven years, long past any retention asked of it. */
    public static final LifecycleRule KEEP_SEVEN_YEARS = LifecycleRule.builder().id("expire-after-seven-years")
            .filter(f -> f.prefix("")).status("Enabled").expiration(e -> e.days(2555))
            .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7)).build();

    /** The lifecycle rules as stored (none given: no configuration, and S3 answers NoSuchLifecycleConfiguration). */
    public SimBucket lifecycle(LifecycleRule... rules) {
        this.lifecycle = rules.length == 0 ? null : List.of(rules);
        return this;
    }

    /** The replication configuration as stored; null: none (ReplicationConfigurationNotFoundError). */
    public SimBucket replication(ReplicationConfiguration configuration) {
        this.replication = configuration;
        return this;
    }

    /** All four Block Public Access settings on or off; null: no configuration at all. */
    public SimBucket publicAccessBlock(PublicAccessBlockConfiguration configuration) {
        this.publicAccessBlock = configuration;
        return this;
    }

    /** A grant to a predefined group (AllUsers, AuthenticatedUsers) by its URI; it shows only while ACLs are on (see {@link #ownership}). */
    public SimBucket grantToGroup(String groupUri, Permission permission) {
        publicGrants.add(Grant.builder().grantee(Grantee.builder().type(Type.GROUP).uri(groupUri).build())
                .permission(permission).build());
        return this;
    }

    /** Enabled or Suspended; null: never enabled. */
    public SimBucket versioning(BucketVersioningStatus status) {
        this.versioning = status;
        return this;
    }

    /** Object Lock with a default retention in days; a null mode: enabled without default retention. */
    public SimBucket objectLock(ObjectLockRetentionMode mode, int days) {
        ObjectLockRule rule = mode == null ? null
                : ObjectLockRule.builder().defaultRetention(DefaultRetention.builder().mode(mode).days(days).build()).build();
        this.objectLock = ObjectLockConfiguration.builder().objectLockEnabled(ObjectLockEnabled.ENABLED).rule(rule).build();
        return this;
    }

    /** A stored Object Lock configuration as given (null: none), to model one that is not enabled. */
    public SimBucket objectLock(ObjectLockConfiguration configuration) {
        this.objectLock = configuration;
        return this;
    }

    public SimBucket noAccessLogging() {
        this.logging = null;
        return this;
    }

    /** SSE-S3 (AES256) default encryption, as a bucket starts with. */
    public SimBucket encryptedByS3() {
        this.encryption = encryption(ServerSideEncryptionByDefault.builder().sseAlgorithm(ServerSideEncryption.AES256).build(), false);
        return this;
    }

    /** SSE-KMS default encryption with this key (an ARN, a key id or an alias). */
    public SimBucket encryptedBy(String kmsKey) {
        this.encryption = encryption(ServerSideEncryptionByDefault.builder().sseAlgorithm(ServerSideEncryption.AWS_KMS)
                .kmsMasterKeyID(kmsKey).build(), true);
        return this;
    }

    /** No default encryption configuration (S3 then answers ServerSideEncryptionConfigurationNotFoundError). */
    public SimBucket noDefaultEncryption() {
        this.encryption = null;
        return this;
    }

    /** The Object Ownership setting; null: none (a bucket older than the setting). */
    public SimBucket ownership(ObjectOwnership setting) {
        this.ownership = setting;
        return this;
    }

    /**
     * GetBucketPolicyStatus answers with a PolicyStatus that leaves out IsPublic, as an AWS-compatible endpoint that
     * does not implement the call answers.
     */
    public SimBucket answerPolicyStatusWithoutIsPublic() {
        this.policyStatusWithoutIsPublic = true;
        return this;
    }

    boolean policyStatusWithoutIsPublic() {
        return policyStatusWithoutIsPublic;
    }

    Optional<PublicAccessBlockConfiguration> publicAccessBlock() {
        return Optional.ofNullable(publicAccessBlock);
    }

    /** The owner's full control, and the group grants; with ACLs disabled S3 shows the owner's alone. */
    List<Grant> aclGrants() {
        Grant owner = Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id("owner-" + ownerAccountId).build())
                .permission(Permission.FULL_CONTROL).build();
        return ownership == ObjectOwnership.BUCKET_OWNER_ENFORCED ? List.of(owner)
                : java.util.stream.Stream.concat(java.util.stream.Stream.of(owner), publicGrants.stream()).toList();
    }

    Optional<BucketVersioningStatus> versioning() {
        return Optional.ofNullable(versioning);
    }

    Optional<ObjectLockConfiguration> objectLock() {
        return Optional.ofNullable(objectLock);
    }

    Optional<LoggingEnabled> logging() {
        return Optional.ofNullable(logging);
    }

    Optional<ServerSideEncryptionConfiguration> encryption() {
        return Optional.ofNullable(encryption);
    }

    Optional<ObjectOwnership> ownership() {
        return Optional.ofNullable(ownership);
    }

    Optional<List<LifecycleRule>> lifecycle() {
        return Optional.ofNullable(lifecycle);
    }

    Optional<ReplicationConfiguration> replication() {
        return Optional.ofNullable(replication);
    }

    public static PublicAccessBlockConfiguration blockAll(boolean on) {
        return PublicAccessBlockConfiguration.builder().blockPublicAcls(on).ignorePublicAcls(on).blockPublicPolicy(on)
                .restrictPublicBuckets(on).build();
    }

    private static ServerSideEncryptionConfiguration encryption(ServerSideEncryptionByDefault byDefault, boolean bucketKey) {
        return ServerSideEncryptionConfiguration.builder().rules(ServerSideEncryptionRule.builder()
                .applyServerSideEncryptionByDefault(byDefault).bucketKeyEnabled(bucketKey).build()).build();
    }

    /** Writes an object, as anyone allowed to could: SSE-KMS with {@code kmsKeyArn}, or SSE-S3 when it is null. */
    public SimBucket putObject(String key, Instant lastModified, String kmsKeyArn) {
        objects.put(key, new SimObject(key, lastModified, kmsKeyArn == null ? SSE_S3 : SSE_KMS, kmsKeyArn, new byte[0], null));
        return this;
    }

    /** Deletes every object whose key starts with {@code prefix}, as someone covering their tracks would. */
    public SimBucket deleteObjects(String prefix) {
        objects.keySet().removeIf(key -> key.startsWith(prefix));
        return this;
    }

    /** The objects whose key starts with {@code prefix}, in key order as S3 lists them. */
    public List<SimObject> objects(String prefix) {
        return objectsAfter(prefix, null);
    }

    /** The objects under {@code prefix} whose key sorts after {@code after} (null: from the first). */
    List<SimObject> objectsAfter(String prefix, String after) {
        var tail = after != null && after.compareTo(prefix) >= 0 ? objects.tailMap(after, false) : objects.tailMap(prefix, true);
        return tail.values().stream().takeWhile(o -> o.key().startsWith(prefix)).toList();
    }

}
