package dev.trailauditor.config;

import java.util.Optional;

/**
 * One registered member account: whose trail the auditor checks, where that trail lives, and
 * which role it assumes there. Defaults from the configuration are already applied.
 *
 * @param createTrail this member opts in to having its trail created when it is missing
 */
public record Member(String accountId, Optional<String> name, String trailName, String homeRegion, String roleName,
                     boolean createTrail) {

    public Member(String accountId, Optional<String> name, String trailName, String homeRegion, String roleName) {
        this(accountId, name, trailName, homeRegion, roleName, false);
    }

    /**
     * The one problem with an account id written as a number ({@code accountId: 012345678901} unquoted): YAML
     * reads it as a number, and a leading zero makes it octal, so it is never read as the id meant.
     */
    public static String unquotedAccountId(String written) {
        return "accountId " + written + " is a number: quote it (\"" + written + "\"), account ids keep their leading zeros";
    }

    /** The trail's ARN, which the central policies pin with {@code aws:SourceArn}. */
    public String trailArn(String partition) {
        return "arn:" + partition + ":cloudtrail:" + homeRegion + ":" + accountId + ":trail/" + trailName;
    }

    public String roleArn(String partition) {
        return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
    }

    /** How a person recognises the account: "prod (222222222222)" or just the id. */
    public String label() {
        return name.map(n -> n + " (" + accountId + ")").orElse(accountId);
    }
}
