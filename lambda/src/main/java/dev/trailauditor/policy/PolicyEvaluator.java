package dev.trailauditor.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges a whole policy, in AWS's order, for the requests a requirement is made of and for the
 * probes it must refuse (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    /** The whole policy's decision for one request, with the statements that made it. */
    public static PolicyDecision decide(PolicyDocument policy, AccessRequest request) {
        List<Statement> denying = applying(policy, Effect.DENY, request);
        if (!denying.isEmpty()) {
            return new PolicyDecision(PolicyDecision.Decision.EXPLICIT_DENY, denying);
        }
        List<Statement> allowing = applying(policy, Effect.ALLOW, request);
        return allowing.isEmpty() ? new PolicyDecision(PolicyDecision.Decision.IMPLICIT_DENY, List.of())
                : new PolicyDecision(PolicyDecision.Decision.ALLOWED, allowing);
    }

    /**
     * MET when the policy allows every request of the requirement; else DENIED (a Deny blocks one)
     * or MISSING (nothing allows one), naming the first request that fails and the statements.
     */
    public static Verdict evaluate(PolicyDocument policy, Requirement requirement) {
        Set<Statement> granting = new LinkedHashSet<>();
        for (Call call : requirement.calls()) {
            PolicyDecision decision = decide(policy, call.request());
            switch (decision.decision()) {
                case EXPLICIT_DENY -> {
                    return new Verdict(Verdict.Status.DENIED, decision.statements(), call.meaning() + " denied by "
                            + names(decision.statements()) + " (" + call.request().describe() + ")");
                }
                case IMPLICIT_DENY -> {
                    return new Verdict(Verdict.Status.MISSING, List.of(), "no Allow statement grants " + call.meaning()
                            + " (" + call.request().describe() + ")");
                }
                case ALLOWED -> granting.addAll(decision.statements());
            }
        }
        List<Statement> statements = List.copyOf(granting);
        return new Verdict(Verdict.Status.MET, statements, "granted by " + names(statements));
    }

    /** The probe as the whole policy decides it: an exposure when it is allowed. */
    public static Optional<Exposure> exposure(PolicyDocument policy, Probe probe) {
        PolicyDecision decision = decide(policy, probe.request());
        return decision.allowed() ? Optional.of(new Exposure(probe, decision.statements())) : Optional.empty();
    }

    private static List<Statement> applying(PolicyDocument policy, Effect effect, AccessRequest request) {
        return policy.statements().stream()
                .filter(statement -> statement.effect() == effect && statement.applies(request))
                .toList();
    }

    /** "statement 'A' (#1), statement #3" */
    static String names(List<Statement> statements) {
        return statements.stream().map(PolicyEvaluator::label).collect(Collectors.joining(", "));
    }

    /** "statement 'Sid' (#n)", or "statement #n" without a Sid: so it can be found and fixed by hand. */
    static String label(Statement statement) {
        String position = "#" + (statement.index() + 1);
        return "statement " + (statement.sid() != null ? "'" + statement.sid() + "' (" + position + ")" : position);
    }
}
