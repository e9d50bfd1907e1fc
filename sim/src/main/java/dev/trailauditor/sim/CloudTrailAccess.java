package dev.trailauditor.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's own, deliberately small reading of a bucket or key policy: would this request of
 * CloudTrail's service principal get through? It shares no code with the auditor's evaluator
 * ({@code dev.trailauditor.policy}), so scenario tests do not judge the auditor's repairs with the code
 * under test. It reads what CloudTrail's documented grants use: {@code Principal} (or {@code NotPrincipal})
 * {@code *} or the CloudTrail service, {@code Action}/{@code NotAction} and {@code Resource}/{@code NotResource}
 * with {@code *} and {@code ?} (an ARN operator's matched part by part, so {@code *} cannot cross a colon), the
 * string, ARN and Bool condition operators ({@code ...IfExists} too), and in a 2012-10-17 policy the variables
 * {@code ${key}} the auditor's own shapes use in Resource ({@code ${aws:SourceAccount}}); a variable the request
 * cannot fill matches nothing.
 * A statement with any other operator grants nothing and, if a Deny, denies: the sim errs towards refusal.
 * An explicit Deny wins, else an Allow, else the implicit deny
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
final class CloudTrailAccess {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLOUDTRAIL = "cloudtrail.amazonaws.com";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private CloudTrailAccess() {}

    /** One request CloudTrail makes: the action, the resource ARN, and the condition keys it sends (any case). */
    record Request(String action, String resource, Map<String, String> context, boolean variables) {
        Request(String action, String resource, Map<String, String> context) {
            this(action, resource, context, true);
        }

        Optional<String> value(String key) {
            return context.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue)
                    .findFirst();
        }

        /** As a policy of an older Version reads it: ${...} is text there. */
        Request literal() {
            return new Request(action, resource, context, false);
        }

        /** The pattern with its ${key} filled from this request; empty when one cannot be. */
        Optional<String> resolve(String pattern) {
            if (!variables || !pattern.contains("${")) {
                return Optional.of(pattern);
            }
            Matcher variable = VARIABLE.matcher(pattern);
            StringBuilder resolved = new StringBuilder();
            while (variable.find()) {
                Optional<String> value = value(variable.group(1).trim());
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                variable.appendReplacement(resolved, Matcher.quoteReplacement(value.get()));
            }
            variable.appendTail(resolved);
            return Optional.of(resolved.toString());
        }
    }

    /** True if the policy lets every one of the requests through; unreadable text lets nothing through. */
    static boolean allowsAll(String policyJson, List<Request> requests) {
        List<JsonNode> statements;
        boolean variables;
        try {
            JsonNode policy = JSON.readTree(policyJson);
            statements = statements(policy);
            variables = "2012-10-17".equals(policy.path("Version").asText());
        } catch (JsonProcessingException | RuntimeException e) {
            return false; // text S3 or KMS would not have stored grants nothing
        }
        return requests.stream().allMatch(request -> allows(statements, variables ? request : request.literal()));
    }

    private static boolean allows(List<JsonNode> statements, Request request) {
        boolean denied = statements.stream().anyMatch(s -> "Deny".equals(s.path("Effect").asText())
                && appliesTo(s, request, true));
        boolean allowed = statements.stream().anyMatch(s -> "Allow".equals(s.path("Effect").asText())
                && appliesTo(s, request, false));
        return allowed && !denied;
    }

    private static List<JsonNode> statements(JsonNode policy) {
        JsonNode statement = policy.get("Statement");
        List<JsonNode> all = new ArrayList<>();
        if (statement == null) {
            throw new IllegalArgumentException("no Statement");
        }
        if (statement.isArray()) {
            statement.forEach(all::add);
        } else {
            all.add(statement);
        }
        return all;
    }

    /** @param unreadableApplies what a condition the sim cannot read counts as (true for a Deny: refuse) */
    private static boolean appliesTo(JsonNode statement, Request request, boolean unreadableApplies) {
        return principalIsCloudTrail(statement)
                && matchesElement(statement, "Action", request.literal(), request.action(), true)
                && matchesElement(statement, "Resource", request, request.resource(), false)
                && conditionsHold(statement.path("Condition"), request, unreadableApplies);
    }

    private static boolean principalIsCloudTrail(JsonNode statement) {
        if (statement.has("NotPrincipal")) {
            return !namesCloudTrail(statement.get("NotPrincipal"));
        }
        JsonNode principal = statement.path("Principal");
        return "*".equals(principal.asText()) || values(principal.path("AWS")).contains("*") || namesCloudTrail(principal);
    }

    private static boolean namesCloudTrail(JsonNode principal) {
        return values(principal.path("Service")).contains(CLOUDTRAIL);
    }

    /** Action/NotAction or Resource/NotResource: the request matches one of the patterns, or none of the Not ones. */
    private static boolean matchesElement(JsonNode statement, String element, Request request, String value,
                                          boolean ignoreCase) {
        if (statement.has("Not" + element)) {
            return values(statement.get("Not" + element)).stream().noneMatch(p -> matches(request, p, value, ignoreCase));
        }
        return values(statement.path(element)).stream().anyMatch(p -> matches(request, p, value, ignoreCase));
    }

    private static boolean matches(Request request, String pattern, String value, boolean ignoreCase) {
        return request.resolve(pattern).map(p -> wildcard(p, value, ignoreCase)).orElse(false);
    }

    private static boolean conditionsHold(JsonNode condition, Request request, boolean unreadableApplies) {
        for (var operators = condition.fields(); operators.hasNext(); ) {
            var operator = operators.next();
            for (var keys = operator.getValue().fields(); keys.hasNext(); ) {
                var key = keys.next();
                Optional<Boolean> holds = holds(operator.getKey(), request.value(key.getKey()),
                        values(key.getValue()).stream().map(request::resolve).flatMap(Optional::stream).toList());
                if (!holds.orElse(unreadableApplies)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Empty for an operator the sim does not read. A key the request lacks fails all but the negated operators. */
    private static Optional<Boolean> holds(String operator, Optional<String> actual, List<String> expected) {
        boolean ifExists = operator.endsWith("IfExists");
        String name = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        boolean negated = name.contains("Not");
        boolean like = name.endsWith("Like") || name.startsWith("Arn");
        boolean ignoreCase = name.contains("IgnoreCase");
        if (!List.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
                "StringLike", "StringNotLike", "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike", "Bool").contains(name)) {
            return Optional.empty();
        }
        if (actual.isEmpty()) {
            return Optional.of(ifExists || negated);
        }
        boolean arn = name.startsWith("Arn");
        boolean any = expected.stream().anyMatch(e -> arn ? arnMatches(e, actual.get())
                : like ? wildcard(e, actual.get(), ignoreCase)
                : ignoreCase || name.equals("Bool") ? e.equalsIgnoreCase(actual.get()) : e.equals(actual.get()));
        return Optional.of(negated != any);
    }

    /**
     * Each of the six colon-separated parts on its own (a bare "*" matches any ARN). The auditor's
     * {@code policy.Wildcards} does the same; it is written again here on purpose, so the simulator never judges
     * the auditor's repairs with the auditor's own code (ArchitectureTest holds that line).
     */
    private static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] patternParts = pattern.split(":", 6);
        String[] arnParts = arn.split(":", 6);
        if (patternParts.length != 6 || arnParts.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!wildcard(patternParts[i], arnParts[i], false)) {
                return false;
            }
        }
        return true;
    }

    private static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
                .matcher(value).matches();
    }

    /** A string, number or boolean, or a list of them, as strings. */
    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else if (node.isValueNode()) {
            values.add(node.asText());
        }
        return values;
    }
}
