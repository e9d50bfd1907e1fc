package dev.trailauditor.sim;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** An S3 bucket (names are global, so the fleet keeps them), its bucket policy and its objects. */
public final class SimBucket {
    private final String name;
    private final String ownerAccountId;
    private volatile String region = "us-east-1";
    private volatile String policy;
    private final ConcurrentSkipListMap<String, SimObject> objects = new ConcurrentSkipListMap<>();

    /** One stored object: its bytes and when it was written. */
    public record SimObject(byte[] content, String contentType, Instant lastModified) {
        public String text() {
            return new String(content, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

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
        objects.put(key, object);
        return this;
    }

    public Optional<SimObject> object(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    /** Every object by key, in key order. */
    public Map<String, SimObject> objects() {
        return new TreeMap<>(objects);
    }
}
