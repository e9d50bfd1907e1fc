package dev.trailauditor.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Decides whether a policy grants a requirement, and whether tightly enough. */
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

    public static Verdict evaluate(PolicyDocument policy, Requirement requirement) {
        AccessRequest request = requirement.request();
        List<Statement> denying = applying(policy, Effect.DENY, request);
        if (!denying.isEmpty()) {
            return new Verdict(Verdict.Status.DENIED, denying, "denied by " + join(denying, PolicyEvaluator::denyLabel));
        }
        List<Statement> granting = applying(policy, Effect.ALLOW, request);
        if (granting.isEmpty()) {
            return new Verdict(Verdict.Status.MISSING, List.of(),
                    "no Allow statement grants " + request.describe());
        }
        List<Statement> tight = granting.stream()
                .filter(statement -> firstAllowedProbe(statement, requirement).isEmpty())
                .toList();
        if (!tight.isEmpty()) {
            return new Verdict(Verdict.Status.MET, tight, "granted by " + join(tight, PolicyEvaluator::quoted));
        }
        String why = granting.stream()
                .map(statement -> "granted by " + quoted(statement) + " "
                        + LooseGrant.explain(statement, request, firstAllowedProbe(statement, requirement).orElseThrow()))
                .collect(Collectors.joining("; "));
        return new Verdict(Verdict.Status.LOOSE, granting, why);
    }

    private static List<Statement> applying(PolicyDocument policy, Effect effect, AccessRequest request) {
        return policy.statements().stream()
                .filter(statement -> statement.effect() == effect && statement.applies(request))
                .toList();
    }

    private static Optional<Probe> firstAllowedProbe(Statement statement, Requirement requirement) {
        return requirement.probes().stream().filter(probe -> statement.applies(probe.request())).findFirst();
    }

    private static String join(List<Statement> statements, Function<Statement, String> label) {
        return statements.stream().map(label).collect(Collectors.joining(", "));
    }

    /** 'Sid', or #n for a statement without Sid. */
    static String quoted(Statement statement) {
        return statement.sid() != null ? "'" + statement.sid() + "'" : statement.name();
    }

    /** "statement 'DenyAll' (#3)": a Deny is named with its position so it can be found and fixed by hand. */
    private static String denyLabel(Statement statement) {
        String position = "#" + (statement.index() + 1);
        return "statement " + (statement.sid() != null ? quoted(statement) + " (" + position + ")" : position);
    }
}
