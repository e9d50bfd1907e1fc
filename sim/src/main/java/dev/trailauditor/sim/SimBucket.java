package dev.trailauditor.sim;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An S3 bucket (names are global, so the fleet keeps them), its bucket policy and its objects. */
public final class SimBucket {
    /** SSE-S3, as HeadObject names it (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). */
    public static final String SSE_S3 = "AES256";
    public static final String SSE_KMS = "aws:kms";

    /** One object as S3 keeps it: when it was written and how it is encrypted (the key ARN only for SSE-KMS). */
    public record SimObject(String key, Instant lastModified, String serverSideEncryption, String kmsKeyId) {}

    private final ConcurrentSkipListMap<String, SimObject> objects = new ConcurrentSkipListMap<>();
    private final String name;
    private final String ownerAccountId;
    private volatile String region = "us-east-1";
    private volatile String policy;

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

    /** Writes an object, as anyone allowed to could: SSE-KMS with {@code kmsKeyArn}, or SSE-S3 when it is null. */
    public SimBucket putObject(String key, Instant lastModified, String kmsKeyArn) {
        objects.put(key, new SimObject(key, lastModified, kmsKeyArn == null ? SSE_S3 : SSE_KMS, kmsKeyArn));
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

    Optional<SimObject> object(String key) {
        return Optional.ofNullable(objects.get(key));
    }
}
