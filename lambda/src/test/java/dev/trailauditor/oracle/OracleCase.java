package dev.trailauditor.oracle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * One case for the oracle: a resource-based policy (bucket or key policy) as JSON, the account
 * that owns the resource, and the request. The oracle answers what that policy alone decides.
 */
public record OracleCase(String id, JsonNode policy, String resourceAccount, OracleRequest request) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public OracleCase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(resourceAccount, "resourceAccount");
        Objects.requireNonNull(request, "request");
    }

    /** A case whose policy is given as JSON text (as read from S3 or KMS). */
    public static OracleCase of(String id, String policyJson, String resourceAccount, OracleRequest request) {
        try {
            return new OracleCase(id, JSON.readTree(policyJson), resourceAccount, request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("policy of case '" + id + "' is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
