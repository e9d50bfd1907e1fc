package dev.trailauditor.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One concrete request to test a policy against. The context holds condition keys; lookups ignore
 * the key's case (IAM does: policies write "AWS:SourceArn" as often as "aws:SourceArn").
 * The context keeps insertion order so messages name keys in the order a requirement lists them.
 * It is kept by lower-cased key: a fleet's checks derive hundreds of thousands of requests from
 * one another, and each lookup and copy is then a hash operation, not a scan.
 */
public final class AccessRequest {
    private final RequestPrincipal principal;
    private final String action;
    private final String resource;
    /** Lower-cased key to the key as given and its values, in insertion order; never modified. */
    private final Map<String, ContextKey> context;

    private record ContextKey(String key, List<String> values) {}

    public AccessRequest(RequestPrincipal principal, String action, String resource, Map<String, List<String>> context) {
        this(index(context == null ? Map.of() : context), principal, action, resource);
    }

    private AccessRequest(Map<String, ContextKey> context, RequestPrincipal principal, String action, String resource) {
        this.principal = Objects.requireNonNull(principal, "principal");
        this.action = Objects.requireNonNull(action, "action");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.context = context;
    }

    public static AccessRequest of(RequestPrincipal principal, String action, String resource) {
        return new AccessRequest(Map.<String, ContextKey>of(), principal, action, resource);
    }

    public RequestPrincipal principal() {
        return principal;
    }

    public String action() {
        return action;
    }

    public String resource() {
        return resource;
    }

    /** The context keys as given, in order, with their values. */
    public Map<String, List<String>> context() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        context.values().forEach(entry -> keys.put(entry.key(), entry.values()));
        return Collections.unmodifiableMap(keys);
    }

    /**
     * The values of a condition key, ignoring its case; empty when the key is absent or has no values.
     * Keys the caller's kind always carries (aws:PrincipalArn, aws:PrincipalServiceName, ...) come
     * from the principal unless the context sets them.
     */
    public Optional<List<String>> contextValues(String key) {
        ContextKey given = context.get(key.toLowerCase(Locale.ROOT));
        if (given != null) {
            return given.values().isEmpty() ? Optional.empty() : Optional.of(given.values());
        }
        return find(principal.contextKeys(action), key);
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
        LinkedHashMap<String, ContextKey> changed = new LinkedHashMap<>(context);
        changed.putAll(index(keys)); // a LinkedHashMap keeps a replaced key where it was
        return new AccessRequest(changed, principal, action, resource);
    }

    /** A copy without the key (in any case). */
    public AccessRequest withoutContext(String key) {
        LinkedHashMap<String, ContextKey> changed = new LinkedHashMap<>(context);
        changed.remove(key.toLowerCase(Locale.ROOT));
        return new AccessRequest(changed, principal, action, resource);
    }

    public AccessRequest withPrincipal(RequestPrincipal otherPrincipal) {
        return new AccessRequest(context, otherPrincipal, action, resource);
    }

    public AccessRequest withAction(String otherAction) {
        return new AccessRequest(context, principal, otherAction, resource);
    }

    /** For messages: "s3:PutObject on arn:aws:s3:::bucket/... by cloudtrail.amazonaws.com". */
    public String describe() {
        return action + " on " + resource + " by " + principal.describe();
    }

    /** Keys that differ only in case are one key: given twice, it is a mistake. */
    private static LinkedHashMap<String, ContextKey> index(Map<String, List<String>> source) {
        LinkedHashMap<String, ContextKey> index = new LinkedHashMap<>();
        source.forEach((key, values) -> {
            Objects.requireNonNull(key, "context key");
            if (index.put(key.toLowerCase(Locale.ROOT), new ContextKey(key, List.copyOf(values))) != null) {
                throw new IllegalArgumentException("context key '" + key + "' given twice (keys ignore case)");
            }
        });
        return index;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccessRequest that && principal.equals(that.principal) && action.equals(that.action)
                && resource.equals(that.resource) && context().equals(that.context());
    }

    @Override
    public int hashCode() {
        return Objects.hash(principal, action, resource, context());
    }

    @Override
    public String toString() {
        return "AccessRequest[" + describe() + ", context=" + context() + "]";
    }
}
