package dev.trailauditor.policy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every registered member's requirements on the central policies, and the probes of who else might
 * get in, built once per run: the checks judge the policies with them, the merger plans with the
 * same objects, and the re-check after a write judges the new policy with them again.
 */
public final class CentralRequirements {
    private final CentralTarget target;
    private final List<Grantee> grantees;
    private final Map<Grant, List<Requirement>> requirements = new EnumMap<>(Grant.class);
    private final Map<PolicyKind, List<List<Probe>>> probes = new EnumMap<>(PolicyKind.class);

    public CentralRequirements(CentralTarget target, List<Grantee> grantees) {
        this.target = target;
        this.grantees = List.copyOf(grantees);
        for (Grant grant : Grant.values()) {
            requirements.put(grant, this.grantees.stream().map(g -> grant.requirement(target, g)).toList());
        }
        probes.put(PolicyKind.BUCKET, this.grantees.stream().map(g -> CloudTrailRequirements.bucketProbes(target, g)).toList());
        probes.put(PolicyKind.KEY, this.grantees.stream().map(g -> CloudTrailRequirements.keyProbes(target, g)).toList());
    }

    public CentralTarget target() {
        return target;
    }

    /** The registered members, in registry order; the lists below follow it. */
    public List<Grantee> grantees() {
        return grantees;
    }

    /** This grant's requirement for each registered member. */
    public List<Requirement> of(Grant grant) {
        return requirements.get(grant);
    }

    /** "requirement: why" for every requirement of a registered member this document does not meet. */
    public List<String> unmetIn(PolicyKind kind, PolicyDocument document) {
        List<String> unmet = new ArrayList<>();
        for (Grant grant : Grant.of(kind)) {
            for (Requirement requirement : of(grant)) {
                Verdict verdict = PolicyEvaluator.evaluate(document, requirement);
                if (verdict.status() != Verdict.Status.MET) {
                    unmet.add(unmet(requirement, verdict));
                }
            }
        }
        return unmet;
    }

    static String unmet(Requirement requirement, Verdict verdict) {
        return requirement.description() + ": " + verdict.detail();
    }

    /** The probes of each registered member for this kind of policy. */
    List<List<Probe>> probes(PolicyKind kind) {
        return probes.get(kind);
    }
}
