package dev.trailauditor.oracle;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request to the oracle: who asks (a service principal such as cloudtrail.amazonaws.com, an IAM
 * ARN, or "*" for an anonymous caller), the action, one concrete resource ARN, and the request
 * context. A context value is a list; JSON may give a single value as a plain string.
 */
public record OracleRequest(String principal, String action, String resource,
                            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                            Map<String, List<String>> context) {

    public OracleRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (context != null) {
            context.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        }
        context = Collections.unmodifiableMap(copy);
    }

    public static OracleRequest of(String principal, String action, String resource) {
        return new OracleRequest(principal, action, resource, Map.of());
    }

    /** A copy with the key set to these values. */
    public OracleRequest with(String key, String... values) {
        Map<String, List<String>> changed = new LinkedHashMap<>(context);
        changed.put(key, List.of(values));
        return new OracleRequest(principal, action, resource, changed);
    }
}
