package dev.trailauditor.policy;

import java.util.Objects;

/** A member account that the central policies must let deliver, through its trail. */
public record Grantee(String accountId, Arn trail) {
    public Grantee {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(trail, "trail");
        if (!trail.isTrail() || !AccountIds.isAccountId(accountId) || !accountId.equals(trail.accountId())) {
            throw new IllegalArgumentException("'" + trail + "' is not a trail ARN of account " + accountId);
        }
    }

    /** The grantee a trail ARN names: its own account. */
    public static Grantee of(Arn trail) {
        return new Grantee(trail.accountId(), trail);
    }

    /** The trail's ARN as requests and policies carry it (aws:SourceArn). */
    public String trailArn() {
        return trail.toString();
    }

    /** The trail's home region. */
    public String region() {
        return trail.region();
    }

    public String trailName() {
        return trail.trailName();
    }
}
