package dev.trailauditor.sim;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.KeyState;

/** A symmetric customer-managed KMS key, its key policy and its state. */
public final class SimKey {
    /** One successful PutKeyPolicy, kept so tests can check what was written and how. */
    public record PolicyWrite(String policy, boolean bypassPolicyLockoutSafetyCheck, Instant at) {
    }

    private final String accountId;
    private final String region;
    private final String keyId;
    private final Instant creationDate;
    private final List<PolicyWrite> policyWrites = new CopyOnWriteArrayList<>();
    /** Grants, in the order they were created, as ListGrants lists them; a new key has none. */
    private final List<GrantListEntry> grants = new CopyOnWriteArrayList<>();
    private volatile String policy;
    private volatile KeyState state = KeyState.ENABLED;
    private volatile Instant deletionDate;
    /** KMS creates a customer managed key with automatic rotation off. */
    private volatile boolean rotation;

    SimKey(String accountId, String region, String keyId, Instant creationDate) {
        this.accountId = accountId;
        this.region = region;
        this.keyId = keyId;
        this.creationDate = creationDate;
        this.policy = defaultPolicy(accountId);
    }

    /** The policy KMS attaches when none is given: the account may manage the key through IAM. */
    public static String defaultPolicy(String accountId) {
        return "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{"
                + "\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountId + ":root\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    }

    public String keyId() {
        return keyId;
    }

    public String arn() {
        return "arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId;
    }

    public String accountId() {
        return accountId;
    }

    public String region() {
        return region;
    }

    public String policy() {
        return policy;
    }

    /** Sets the policy as stored text, bypassing PutKeyPolicy's checks. */
    public SimKey policy(String policyJson) {
        this.policy = policyJson;
        return this;
    }

    public KeyState state() {
        return state;
    }

    public boolean enabled() {
        return state == KeyState.ENABLED;
    }

    public SimKey disable() {
        state = KeyState.DISABLED;
        return this;
    }

    public SimKey enable() {
        state = KeyState.ENABLED;
        deletionDate = null;
        return this;
    }

    public SimKey scheduleDeletion(Instant deletionDate) {
        state = KeyState.PENDING_DELETION;
        this.deletionDate = deletionDate;
        return this;
    }

    /** Automatic rotation of the key material on (every 365 days, KMS's default period) or off. */
    public SimKey rotation(boolean enabled) {
        this.rotation = enabled;
        return this;
    }

    public boolean rotation() {
        return rotation;
    }

    public List<PolicyWrite> policyWrites() {
        return List.copyOf(policyWrites);
    }

    Instant creationDate() {
        return creationDate;
    }

    Instant deletionDate() {
        return deletionDate;
    }

    void putPolicy(String policyJson, boolean bypass, Instant at) {
        policy = policyJson;
        policyWrites.add(new PolicyWrite(policyJson, bypass, at));
    }

    /**
     * A grant as CreateGrant would make it, issued by the key's account: the grantee may call the operations
     * ("Decrypt", "GenerateDataKey", ...) on the key, whatever the key policy says.
     *
     * @return the grant's id
     */
    public String grant(String granteePrincipal, String... operations) {
        String grantId = String.format("%064x", grants.size() + 1);
        grant(GrantListEntry.builder().keyId(arn()).grantId(grantId).granteePrincipal(granteePrincipal)
                .issuingAccount("arn:aws:iam::" + accountId + ":root").operationsWithStrings(operations)
                .creationDate(creationDate).build());
        return grantId;
    }

    /** A grant as given (a retiring principal, constraints, a service grantee). */
    public SimKey grant(GrantListEntry grant) {
        grants.add(grant);
        return this;
    }

    List<GrantListEntry> grants() {
        return List.copyOf(grants);
    }
}
