package dev.trailauditor.policy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One central policy judged once: every registered member's requirements (does CloudTrail get in)
 * and probes (who else does). The checks report it; the merger starts from it rather than judging
 * the same policy again.
 */
public final class PolicyJudgement {
    private final PolicyKind kind;
    private final PolicyDocument policy;
    private final CentralRequirements requirements;
    private final Map<Grant, List<Verdict>> verdicts = new EnumMap<>(Grant.class);
    private final List<PolicyExposures.Finding> exposures;

    private PolicyJudgement(PolicyKind kind, PolicyDocument policy, CentralRequirements requirements) {
        this.kind = kind;
        this.policy = policy;
        this.requirements = requirements;
        for (Grant grant : Grant.of(kind)) {
            verdicts.put(grant, requirements.of(grant).stream().map(r -> PolicyEvaluator.evaluate(policy, r)).toList());
        }
        this.exposures = PolicyExposures.find(kind, policy, requirements);
    }

    public static PolicyJudgement of(PolicyKind kind, PolicyDocument policy, CentralRequirements requirements) {
        return new PolicyJudgement(kind, policy, requirements);
    }

    public PolicyKind kind() {
        return kind;
    }

    public PolicyDocument policy() {
        return policy;
    }

    public CentralRequirements requirements() {
        return requirements;
    }

    /** The verdict on this grant for each registered member, in registry order. */
    public List<Verdict> verdicts(Grant grant) {
        return verdicts.get(grant);
    }

    /** Who else gets in, worst first; one finding per way in. */
    public List<PolicyExposures.Finding> exposures() {
        return exposures;
    }

    /** "requirement: why" for every requirement of a registered member the policy does not meet. */
    public List<String> unmet() {
        return requirements.unmet(kind, (grant, i) -> verdicts.get(grant).get(i));
    }
}
