package dev.trailauditor.oracle;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The oracle's answer for one case: the resource policy's own decision, or the simulator's refusal
 * of the input ({@code error}). {@code ignoredContextKeys} names context keys the action does not
 * support, which the simulator left out (AWS does not send them with that action either).
 */
public record OracleResult(String id, Decision decision, String error, List<String> ignoredContextKeys) {

    public OracleResult {
        ignoredContextKeys = ignoredContextKeys == null ? List.of() : List.copyOf(ignoredContextKeys);
    }

    public boolean failed() {
        return error != null;
    }

    /** A policy's verdict in AWS's order: an explicit Deny wins, else an Allow, else implicit deny. */
    public enum Decision {
        @JsonProperty("Allowed") ALLOWED,
        @JsonProperty("ImplicitlyDenied") IMPLICITLY_DENIED,
        @JsonProperty("ExplicitlyDenied") EXPLICITLY_DENIED
    }
}
