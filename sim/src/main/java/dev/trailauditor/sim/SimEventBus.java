package dev.trailauditor.sim;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A custom EventBridge event bus and its resource policy (none until one is put). */
public final class SimEventBus {
    private final String accountId;
    private final String region;
    private final String name;
    private final List<String> policyWrites = new CopyOnWriteArrayList<>();
    private volatile String policy;

    SimEventBus(String accountId, String region, String name) {
        this.accountId = accountId;
        this.region = region;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public String arn() {
        return "arn:aws:events:" + region + ":" + accountId + ":event-bus/" + name;
    }

    public Optional<String> policy() {
        return Optional.ofNullable(policy);
    }

    /** Sets the policy as stored text, bypassing PutPermission's checks (tests may need a broken one). */
    public SimEventBus policy(String policyJson) {
        this.policy = policyJson;
        return this;
    }

    public SimEventBus noPolicy() {
        this.policy = null;
        return this;
    }

    /** Every policy PutPermission wrote, in order. */
    public List<String> policyWrites() {
        return List.copyOf(policyWrites);
    }

    void putPolicy(String policyJson) {
        policy = policyJson;
        policyWrites.add(policyJson);
    }
}
