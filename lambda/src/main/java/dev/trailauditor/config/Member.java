package dev.trailauditor.config;

import dev.trailauditor.policy.Arn;
import java.util.Objects;
import java.util.Optional;

/**
 * One registered member account: whose trail the auditor checks, where that trail lives, and
 * which role it assumes there. Defaults from the configuration are already applied.
 *
 * @param trailArn the registered trail (account, home region, name), which the central policies pin with {@code aws:SourceArn}
 * @param createTrail this member opts in to having its trail created when it is missing
 */
public record Member(Optional<String> name, Arn trailArn, String roleName, boolean createTrail) {

    public Member {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(roleName, "roleName");
        if (!trailArn.isTrail()) {
            throw new IllegalArgumentException("not a trail ARN: " + trailArn);
        }
    }

    /** A member whose trail is named and homed as given, in this partition. */
    public static Member of(String partition, String accountId, Optional<String> name, String trailName, String homeRegion,
                            String roleName, boolean createTrail) {
        return new Member(name, Arn.trail(partition, homeRegion, accountId, trailName), roleName, createTrail);
    }

    /**
     * The one problem with an account id written as a number ({@code accountId: 012345678901} unquoted): YAML
     * reads it as a number, and a leading zero makes it octal, so it is never read as the id meant.
     */
    public static String unquotedAccountId(String written) {
        return "accountId " + written + " is a number: quote it (\"" + written + "\"), account ids keep their leading zeros";
    }

    public String accountId() {
        return trailArn.accountId();
    }

    public String trailName() {
        return trailArn.trailName();
    }

    public String homeRegion() {
        return trailArn.region();
    }

    public Arn roleArn() {
        return Arn.role(trailArn.partition(), accountId(), roleName);
    }

    /** How a person recognises the account: "prod (222222222222)" or just the id. */
    public String label() {
        return name.map(n -> n + " (" + accountId() + ")").orElse(accountId());
    }
}
