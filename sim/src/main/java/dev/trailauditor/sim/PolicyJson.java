package dev.trailauditor.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The little policy reading S3 and KMS do when a policy is written: is it JSON, does it
 * have statements with the required fields, and (KMS) does it lock the caller out.
 */
final class PolicyJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyJson() {
    }

    static int utf8Size(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The document's statements, or empty if it is not a JSON object with a Statement. */
    static Optional<List<JsonNode>> statements(String policy) {
        if (policy == null || !policy.stripLeading().startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode statement = JSON.readTree(policy).get("Statement");
            if (statement == null || statement.isNull()) {
                return Optional.empty();
            }
            return Optional.of(values(statement));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** A JSON value that may be one item or a list of them, as a list. */
    static List<JsonNode> values(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node == null) {
            return list;
        }
        if (node.isArray()) {
            node.forEach(list::add);
        } else {
            list.add(node);
        }
        return list;
    }

    static List<String> strings(JsonNode node) {
        return values(node).stream().filter(JsonNode::isTextual).map(JsonNode::asText).toList();
    }

    /** Condition keys whose fixed value makes a grant to "*" non-public in S3's eyes. */
    private static final Set<String> FIXING_KEYS = Set.of("aws:sourcearn", "aws:sourceaccount", "aws:sourceowner",
            "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip", "aws:userid",
            "s3:x-amz-server-side-encryption-aws-kms-key-id");

    /**
     * S3's policy status, simplified: a policy is public when an Allow statement grants "*" (or {"AWS": "*"})
     * without a fixed value of one of the keys S3 accepts as limiting it: a condition on such a key, with an
     * operator that is not negated, not IfExists, and values without wildcards
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status).
     */
    static boolean isPublic(String policy) {
        return statements(policy).orElse(List.of()).stream()
                .filter(s -> "Allow".equals(s.path("Effect").asText()))
                .filter(PolicyJson::grantsEveryone)
                .anyMatch(s -> !fixedByCondition(s.get("Condition")));
    }

    private static boolean grantsEveryone(JsonNode statement) {
        JsonNode principal = statement.get("Principal");
        if (principal != null && principal.isTextual()) {
            return principal.asText().equals("*");
        }
        return principal != null && strings(principal.get("AWS")).contains("*");
    }

    private static boolean fixedByCondition(JsonNode condition) {
        if (condition == null || !condition.isObject()) {
            return false;
        }
        List<String> fixing = new ArrayList<>();
        condition.fields().forEachRemaining(operator -> {
            String name = operator.getKey().toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith("ifexists") || name.contains("not")) {
                return;
            }
            operator.getValue().fields().forEachRemaining(key -> {
                if (FIXING_KEYS.contains(key.getKey().toLowerCase(java.util.Locale.ROOT))
                        && strings(key.getValue()).stream().noneMatch(v -> v.contains("*"))) {
                    fixing.add(key.getKey());
                }
            });
        });
        return !fixing.isEmpty();
    }

    /**
     * Whether the policy lets another account make this call: an Allow statement without a Condition whose Principal
     * names the account (its root ARN or its id) and whose Action is the call's, a wildcard over it, or "*". The sim's
     * simplification of cross-account access: resources and Deny statements are not evaluated.
     */
    static boolean grantsAccount(String policy, String accountId, String action) {
        return statements(policy).orElse(List.of()).stream()
                .filter(s -> "Allow".equals(s.path("Effect").asText()) && !s.has("Condition"))
                .filter(s -> s.get("Principal") != null && strings(s.get("Principal").get("AWS")).stream()
                        .anyMatch(p -> p.equals(accountId) || p.equals("arn:aws:iam::" + accountId + ":root")))
                .anyMatch(s -> strings(s.get("Action")).stream().anyMatch(a -> java.util.regex.Pattern.compile(
                        java.util.regex.Pattern.quote(a).replace("*", "\\E.*\\Q"), java.util.regex.Pattern.CASE_INSENSITIVE)
                        .matcher(action).matches()));
    }

    /**
     * KMS's lockout safety check: some Allow statement lets one of {@code principals} (or
     * everyone) call kms:PutKeyPolicy. Conditions are not evaluated.
     */
    static boolean allowsPutKeyPolicy(List<JsonNode> statements, Set<String> principals) {
        return statements.stream()
                .filter(s -> "Allow".equals(s.path("Effect").asText()))
                .filter(s -> strings(s.get("Action")).stream()
                        .anyMatch(a -> a.equals("*") || a.equalsIgnoreCase("kms:*")
                                || a.equalsIgnoreCase("kms:PutKeyPolicy")))
                .anyMatch(s -> {
                    JsonNode principal = s.get("Principal");
                    if (principal != null && principal.isTextual()) {
                        return principal.asText().equals("*");
                    }
                    return principal != null && strings(principal.get("AWS")).stream()
                            .anyMatch(p -> p.equals("*") || principals.contains(p));
                });
    }
}
