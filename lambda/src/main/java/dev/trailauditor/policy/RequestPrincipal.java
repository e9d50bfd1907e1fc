package dev.trailauditor.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who makes a request: an AWS service (e.g. cloudtrail.amazonaws.com), an IAM principal of an
 * account (its root, or a role), or an anonymous caller with no credentials at all.
 *
 * @param name the service name, the account id, or "*" for the anonymous caller
 * @param arn  the IAM principal's ARN (the account's root when none was given); null otherwise
 */
public record RequestPrincipal(Kind kind, String name, String arn) {

    public enum Kind { SERVICE, ACCOUNT, ANONYMOUS }

    private static final Pattern IAM_ARN = Pattern.compile("arn:([^:]+):(?:iam|sts)::(\\d{12}):.+");
    /** arn:aws:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION-NAME */
    static final Pattern SESSION_ARN = Pattern.compile("arn:([^:]+):sts::(\\d{12}):assumed-role/([^/]+)/.+");

    public RequestPrincipal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (kind == Kind.ACCOUNT && !AccountIds.isAccountId(name)) {
            throw new IllegalArgumentException("not a 12-digit AWS account id: '" + name + "'");
        }
    }

    public static RequestPrincipal service(String serviceName) {
        return new RequestPrincipal(Kind.SERVICE, serviceName, null);
    }

    /** Some IAM principal of the account: its root stands for all of them. */
    public static RequestPrincipal account(String accountId) {
        return new RequestPrincipal(Kind.ACCOUNT, accountId, "arn:aws:iam::" + accountId + ":root");
    }

    /** One IAM principal by its ARN, e.g. arn:aws:iam::222222222222:role/Admin. */
    public static RequestPrincipal iam(String principalArn) {
        Matcher arn = IAM_ARN.matcher(principalArn);
        if (!arn.matches()) {
            throw new IllegalArgumentException("not an IAM principal ARN: '" + principalArn + "'");
        }
        return new RequestPrincipal(Kind.ACCOUNT, arn.group(2), principalArn);
    }

    /** A caller that signs no request: only "Principal": "*" (or {"AWS": "*"}) lets it in. */
    public static RequestPrincipal anonymous() {
        return new RequestPrincipal(Kind.ANONYMOUS, "*", null);
    }

    /** True for the account's root principal (the account id or its :root ARN, as a policy names it). */
    boolean isRoot() {
        return kind == Kind.ACCOUNT && arn.endsWith(":root");
    }

    /**
     * The condition keys AWS sets for this kind of caller
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
     * a service sends aws:PrincipalServiceName, aws:PrincipalServiceNamesList and
     * aws:PrincipalIsAWSService=true; an IAM principal sends its ARN and account, and to AWS KMS also
     * kms:CallerAccount, its account ID, a single-valued key of every KMS request
     * (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account);
     * an anonymous caller sends none of these. The aws:PrincipalArn of an assumed-role session is
     * its role's ARN: "the role session principal is granted the permissions based on the ARN of role
     * that was assumed, and not the ARN of the resulting session"
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles);
     * the session ARN does not carry the role's path, so a role with a path is named without it.
     *
     * @param action the request's action: kms:CallerAccount only goes with KMS actions
     */
    Map<String, List<String>> contextKeys(String action) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        switch (kind) {
            case SERVICE -> {
                keys.put("aws:PrincipalServiceName", List.of(name));
                keys.put("aws:PrincipalServiceNamesList", List.of(name));
                keys.put("aws:PrincipalIsAWSService", List.of("true"));
            }
            case ACCOUNT -> {
                keys.put("aws:PrincipalArn", List.of(principalArn()));
                keys.put("aws:PrincipalAccount", List.of(name));
                keys.put("aws:PrincipalIsAWSService", List.of("false"));
                if (action.regionMatches(true, 0, "kms:", 0, 4)) {
                    keys.put("kms:CallerAccount", List.of(name));
                }
            }
            case ANONYMOUS -> { }
        }
        return keys;
    }

    /** The ARN aws:PrincipalArn holds: the role's for an assumed-role session, else the principal's own. */
    private String principalArn() {
        Matcher session = SESSION_ARN.matcher(arn);
        return session.matches() ? "arn:" + session.group(1) + ":iam::" + session.group(2) + ":role/" + session.group(3) : arn;
    }

    /** For messages: "cloudtrail.amazonaws.com", "account 111111111111", "arn:aws:iam::...:role/x", "an anonymous caller". */
    public String describe() {
        return switch (kind) {
            case SERVICE -> name;
            case ACCOUNT -> isRoot() ? "account " + name : arn;
            case ANONYMOUS -> "an anonymous caller";
        };
    }
}
