package dev.trailauditor.policy;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One concrete request to test a policy against. The context holds condition keys; lookups ignore
 * the key's case (IAM does: policies write "AWS:SourceArn" as often as "aws:SourceArn").
 * The context keeps insertion order so messages name keys in the order a requirement lists them.
 */
public record AccessRequest(RequestPrincipal principal, String action, String resource,
                            Map<String, List<String>> context) {

    public AccessRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        context = copyContext(context == null ? Map.of() : context);
    }

    public static AccessRequest of(RequestPrincipal principal, String action, String resource) {
        return new AccessRequest(principal, action, resource, Map.of());
    }

    /**
     * The values of a condition key, ignoring its case; empty when the key is absent or has no values.
     * Keys the caller's kind always carries (aws:PrincipalArn, aws:PrincipalServiceName, ...) come
     * from the principal unless the context sets them.
     */
    public Optional<List<String>> contextValues(String key) {
        Optional<List<String>> given = find(context, key);
        return given.isPresent() || containsKey(key) ? given : find(principal.contextKeys(action), key);
    }

    private boolean containsKey(String key) {
        return context.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key));
    }

    private static Optional<List<String>> find(Map<String, List<String>> keys, String key) {
        return keys.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(key) && !entry.getValue().isEmpty())
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** A copy with the key set to these values (replacing it in place if present in any case). */
    public AccessRequest withContext(String key, String... values) {
        Map<String, List<String>> one = new LinkedHashMap<>();
        one.put(key, List.of(values));
        return withContext(one);
    }

    /**
     * A copy with all these keys set at once (each replacing, in place, the same key in any case;
     * new ones appended in their order): one copy of the context however many keys a request adds.
     */
    public AccessRequest withContext(Map<String, List<String>> keys) {
        Map<String, String> byLowerCase = new HashMap<>();
        keys.keySet().forEach(key -> byLowerCase.put(key.toLowerCase(Locale.ROOT), key));
        Map<String, List<String>> changed = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : context.entrySet()) {
            String replacement = byLowerCase.remove(entry.getKey().toLowerCase(Locale.ROOT));
            if (replacement != null) {
                changed.put(replacement, keys.get(replacement));
            } else {
                changed.put(entry.getKey(), entry.getValue());
            }
        }
        keys.forEach((key, values) -> {
            if (byLowerCase.containsKey(key.toLowerCase(Locale.ROOT))) {
                changed.put(key, values);
            }
        });
        return new AccessRequest(principal, action, resource, changed);
    }

    /** A copy without the key (in any case). */
    public AccessRequest withoutContext(String key) {
        Map<String, List<String>> changed = new LinkedHashMap<>(context);
        changed.keySet().removeIf(existing -> existing.equalsIgnoreCase(key));
        return new AccessRequest(principal, action, resource, changed);
    }

    public AccessRequest withPrincipal(RequestPrincipal otherPrincipal) {
        return new AccessRequest(otherPrincipal, action, resource, context);
    }

    public AccessRequest withAction(String otherAction) {
        return new AccessRequest(principal, otherAction, resource, context);
    }

    /** For messages: "s3:PutObject on arn:aws:s3:::bucket/... by cloudtrail.amazonaws.com". */
    public String describe() {
        return action + " on " + resource + " by " + principal.describe();
    }

    private static Map<String, List<String>> copyContext(Map<String, List<String>> source) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        Set<String> seenLowerCase = new HashSet<>();
        source.forEach((key, values) -> {
            Objects.requireNonNull(key, "context key");
            if (!seenLowerCase.add(key.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("context key '" + key + "' given twice (keys ignore case)");
            }
            copy.put(key, List.copyOf(values));
        });
        return Collections.unmodifiableMap(copy);
    }
}
