package dev.trailauditor.policy;

import java.util.List;
import java.util.Objects;

/**
 * What a whole resource policy decides for one request, in AWS's order: an explicit Deny in any
 * statement wins, else an Allow in any statement, else the implicit deny
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 *
 * @param statements the statements that decided it: the Deny statements, or the Allow statements; none for an implicit deny
 */
public record PolicyDecision(Decision decision, List<Statement> statements) {

    public enum Decision { ALLOWED, IMPLICIT_DENY, EXPLICIT_DENY }

    public PolicyDecision {
        Objects.requireNonNull(decision, "decision");
        statements = List.copyOf(statements);
    }

    public boolean allowed() {
        return decision == Decision.ALLOWED;
    }

    /** "statement 'A' (#1), statement #3": the deciding statements, as a person finds them in the policy. */
    public String statementNames() {
        return PolicyEvaluator.names(statements);
    }
}
