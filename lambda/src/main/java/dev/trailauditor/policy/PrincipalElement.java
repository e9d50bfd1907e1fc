package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Principal or NotPrincipal: "*" or a map of principal type (AWS, Service, ...) to values. */
record PrincipalElement(boolean negated, boolean everyone, Map<String, List<String>> byType) {

    private static final Pattern IAM_ARN = Pattern.compile("arn:[^:]+:(?:iam|sts)::(\\d{12}):.+");
    /** arn:aws:iam::ACCOUNT:role/[PATH/]NAME: partition, account, name. */
    private static final Pattern ROLE_ARN = Pattern.compile("arn:([^:]+):iam::(\\d{12}):role/(?:.*/)?([^/]+)");

    /** Null when the statement has neither (identity policies); such a statement applies to no one here. */
    static PrincipalElement parse(JsonNode statement, String where) {
        JsonNode positive = statement.get("Principal");
        JsonNode negative = statement.get("NotPrincipal");
        if (positive != null && negative != null) {
            throw new PolicyParseException(where + " has both Principal and NotPrincipal");
        }
        if (positive == null && negative == null) {
            return null;
        }
        boolean isNegated = negative != null;
        JsonNode node = isNegated ? negative : positive;
        String name = where + (isNegated ? " NotPrincipal" : " Principal");
        if (node.isTextual() && node.asText().equals("*")) {
            return new PrincipalElement(isNegated, true, Map.of());
        }
        if (!node.isObject()) {
            throw new PolicyParseException(name + " must be \"*\" or an object such as {\"Service\": \"...\"}");
        }
        Map<String, List<String>> byType = new LinkedHashMap<>();
        node.properties().forEach(e -> byType.put(e.getKey(), JsonValues.strings(e.getValue(), name + " " + e.getKey())));
        boolean anyAws = valuesOf(byType, "AWS").contains("*");
        return new PrincipalElement(isNegated, anyAws, Map.copyOf(byType));
    }

    boolean matches(RequestPrincipal principal) {
        return names(principal) != negated;
    }

    /** Does the element list this service by name (not merely through "*")? */
    boolean namesService(String service) {
        return !negated && valuesOf(byType, "Service").stream().anyMatch(service::equalsIgnoreCase);
    }

    /**
     * Principal: "*" and {"AWS": "*"} name everyone, anonymous callers and services included; an
     * account id or its root ARN names every IAM principal of that account; another ARN names that
     * principal (a role also its sessions, see {@link #isSessionOfRole}). NotPrincipal exempts only
     * the principals it names exactly: a root ARN there exempts the root, not the account's roles
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
     */
    private boolean names(RequestPrincipal principal) {
        if (everyone) {
            return true;
        }
        return switch (principal.kind()) {
            case SERVICE -> valuesOf(byType, "Service").stream().anyMatch(principal.name()::equalsIgnoreCase);
            case ACCOUNT -> valuesOf(byType, "AWS").stream().anyMatch(value -> namesIamPrincipal(value, principal));
            case ANONYMOUS -> false;
        };
    }

    private boolean namesIamPrincipal(String value, RequestPrincipal principal) {
        if (value.equals(principal.arn()) || (!negated && isSessionOfRole(principal.arn(), value))) {
            return true;
        }
        boolean wholeAccount = AccountIds.isAccountId(value) || value.endsWith(":root");
        return wholeAccount && principal.name().equals(accountOf(value)) && (!negated || principal.isRoot());
    }

    /**
     * Is the caller an assumed-role session of this role? A role named in Principal covers the
     * sessions of that role: a role acts only through its sessions ("When you specify a role principal
     * in a resource-based policy, the effective permissions for the principal are limited by any policy
     * types that limit permissions for the role. This includes session policies",
     * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles).
     * The session ARN (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION) carries no role path, and role
     * names are unique in an account, so the role matches by partition, account and name. Not for
     * NotPrincipal: there AWS exempts a session only when its session ARN is listed
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
     */
    private static boolean isSessionOfRole(String callerArn, String roleArn) {
        Matcher session = RequestPrincipal.SESSION_ARN.matcher(callerArn);
        Matcher role = ROLE_ARN.matcher(roleArn);
        return session.matches() && role.matches() && session.group(1).equals(role.group(1))
                && session.group(2).equals(role.group(2)) && session.group(3).equals(role.group(3));
    }

    /** "123456789012", or any IAM/STS ARN of that account (root, role, user...): the account it belongs to. */
    private static String accountOf(String awsPrincipal) {
        if (AccountIds.isAccountId(awsPrincipal)) {
            return awsPrincipal;
        }
        Matcher arn = IAM_ARN.matcher(awsPrincipal);
        return arn.matches() ? arn.group(1) : null;
    }

    private static List<String> valuesOf(Map<String, List<String>> byType, String type) {
        return byType.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(type))
                .flatMap(e -> e.getValue().stream())
                .toList();
    }
}
