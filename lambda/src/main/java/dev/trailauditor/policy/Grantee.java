package dev.trailauditor.policy;

import java.util.Objects;

/** A member account that the central policies must let deliver, through its trail. */
public record Grantee(String accountId, String trailArn) {
    public Grantee {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(trailArn, "trailArn");
        String[] parts = trailArn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("cloudtrail") || !parts[5].startsWith("trail/")
                || !accountId.equals(AccountIds.accountOfArn(trailArn))) {
            throw new IllegalArgumentException("'" + trailArn + "' is not a trail ARN of account " + accountId);
        }
    }

    /** The trail's home region (the fourth ARN part). */
    public String region() {
        return trailArn.split(":", 6)[3];
    }

    /** The name after "trail/". */
    public String trailName() {
        return trailArn.split(":", 6)[5].substring("trail/".length());
    }
}
