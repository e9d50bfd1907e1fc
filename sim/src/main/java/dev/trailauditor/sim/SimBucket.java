package dev.trailauditor.sim;

import java.util.Optional;

/** An S3 bucket (names are global, so the fleet keeps them) and its bucket policy. */
public final class SimBucket {
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
}
