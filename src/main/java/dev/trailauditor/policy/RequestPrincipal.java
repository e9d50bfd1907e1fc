package dev.trailauditor.policy;

import java.util.Objects;

/**
 * Who makes a request: an AWS service (e.g. cloudtrail.amazonaws.com), or some IAM principal
 * of an account (we ask "may this account do it at all", not which role does it).
 */
public record RequestPrincipal(Kind kind, String name) {

    public enum Kind { SERVICE, ACCOUNT }

    public RequestPrincipal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (kind == Kind.ACCOUNT && !AccountIds.isAccountId(name)) {
            throw new IllegalArgumentException("not a 12-digit AWS account id: '" + name + "'");
        }
    }

    public static RequestPrincipal service(String serviceName) {
        return new RequestPrincipal(Kind.SERVICE, serviceName);
    }

    public static RequestPrincipal account(String accountId) {
        return new RequestPrincipal(Kind.ACCOUNT, accountId);
    }

    /** For messages: "cloudtrail.amazonaws.com" or "account 111111111111". */
    public String describe() {
        return kind == Kind.SERVICE ? name : "account " + name;
    }
}
