package dev.trailauditor.sim;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** An IAM role the fleet's STS lets callers assume, subject to its trust and ExternalId. */
public final class SimRole {
    private final String accountId;
    private final String name;
    private final Set<String> trustedPrincipals = new CopyOnWriteArraySet<>();
    private volatile String externalId;

    SimRole(String accountId, String name) {
        this.accountId = accountId;
        this.name = name;
    }

    public String arn() {
        return "arn:aws:iam::" + accountId + ":role/" + name;
    }

    /** Callers must pass this ExternalId (the confused-deputy guard). */
    public SimRole requireExternalId(String externalId) {
        this.externalId = externalId;
        return this;
    }

    /**
     * Trust a principal: an account id, {@code arn:aws:iam::<acct>:root} (anyone in that
     * account), a role ARN (its sessions), or an exact caller ARN. No trust at all means
     * anyone may assume the role.
     */
    public SimRole trust(String principal) {
        trustedPrincipals.add(principal);
        return this;
    }

    String name() {
        return name;
    }

    String externalId() {
        return externalId;
    }

    boolean trusts(Caller caller) {
        if (trustedPrincipals.isEmpty()) {
            return true;
        }
        return trustedPrincipals.contains(caller.arn())
                || trustedPrincipals.contains(caller.accountId())
                || trustedPrincipals.contains("arn:aws:iam::" + caller.accountId() + ":root")
                || trustedPrincipals.contains(caller.roleArn());
    }
}
