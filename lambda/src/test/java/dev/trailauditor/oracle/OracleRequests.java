package dev.trailauditor.oracle;

import dev.trailauditor.oracle.OracleResult.Decision;
import dev.trailauditor.policy.AccessRequest;
import dev.trailauditor.policy.PolicyDecision;
import dev.trailauditor.policy.RequestPrincipal;

/** Our requests and decisions in the oracle's terms, for the tests that put the two side by side. */
final class OracleRequests {
    private OracleRequests() {}

    static OracleRequest of(AccessRequest request) {
        RequestPrincipal principal = request.principal();
        String who = switch (principal.kind()) {
            case SERVICE -> principal.name();
            case ACCOUNT -> principal.arn();
            case ANONYMOUS -> "*";
        };
        return new OracleRequest(who, request.action(), request.resource(), request.context());
    }

    static Decision decision(PolicyDecision.Decision decision) {
        return switch (decision) {
            case ALLOWED -> Decision.ALLOWED;
            case IMPLICIT_DENY -> Decision.IMPLICITLY_DENIED;
            case EXPLICIT_DENY -> Decision.EXPLICITLY_DENIED;
        };
    }
}
