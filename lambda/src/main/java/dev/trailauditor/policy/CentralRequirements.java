package dev.trailauditor.policy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Every registered member's requirements on the central policies, and the probes of who else might
 * get in, built once per run: the checks judge the policies with them, the merger plans with the
 * same objects, and the re-check after a write judges the new policy with them again.
 */
public final class CentralRequirements {
    private final CentralTarget target;
    private final List<Grantee> grantees;
    private final Map<PolicyKind, List<Grantee>> granteesByKind = new EnumMap<>(PolicyKind.class);
    private final Map<Grant, List<Requirement>> requirements = new EnumMap<>(Grant.class);
    private final Map<PolicyKind, List<Probes>> probes = new EnumMap<>(PolicyKind.class);

    /** Probes of one policy, and the member whose grants they are about (null: about no one member). */
    record Probes(String member, List<Probe> probes) {}

    public CentralRequirements(CentralTarget target, List<Grantee> grantees) {
        this.target = target;
        this.grantees = List.copyOf(grantees);
        granteesByKind.put(PolicyKind.BUCKET, this.grantees);
        granteesByKind.put(PolicyKind.KEY, this.grantees);
        // The audit account's own calls need no grant of its own bus's policy; without a bus there is nothing to grant.
        granteesByKind.put(PolicyKind.EVENT_BUS, !target.hasEventBus() ? List.of() : this.grantees.stream()
                .filter(g -> !g.accountId().equals(target.auditAccountId())).toList());
        for (Grant grant : Grant.values()) {
            requirements.put(grant, grantees(grant.kind()).stream().map(g -> grant.requirement(target, g)).toList());
        }
        String unregistered = CloudTrailRequirements.unregisteredTrailName(
                this.grantees.stream().map(Grantee::trailName).collect(Collectors.toSet()));
        probes.put(PolicyKind.BUCKET, this.grantees.stream().map(g -> new Probes(g.accountId(), with(
                CloudTrailRequirements.bucketProbes(target, g), CloudTrailRequirements.bucketOtherTrailProbe(target, g, unregistered))))
                .toList());
        probes.put(PolicyKind.KEY, this.grantees.stream().map(g -> new Probes(g.accountId(), with(
                CloudTrailRequirements.keyProbes(target, g), CloudTrailRequirements.keyOtherTrailProbe(target, g, unregistered))))
                .toList());
        probes.put(PolicyKind.EVENT_BUS, !target.hasEventBus() ? List.of()
                : List.of(new Probes(null, EventBusRequirements.probes(target))));
    }

    public CentralTarget target() {
        return target;
    }

    /** The registered members, in registry order. */
    public List<Grantee> grantees() {
        return grantees;
    }

    /** The members a policy of this kind must grant, in registry order; {@link #of} follows it. */
    public List<Grantee> grantees(PolicyKind kind) {
        return granteesByKind.get(kind);
    }

    /** This grant's requirement for each member its policy must grant ({@link #grantees(PolicyKind)}). */
    public List<Requirement> of(Grant grant) {
        return requirements.get(grant);
    }

    /** "requirement: why" for every requirement of a registered member this document does not meet. */
    public List<String> unmetIn(PolicyKind kind, PolicyDocument document) {
        return unmet(kind, (grant, i) -> PolicyEvaluator.evaluate(document, of(grant).get(i)));
    }

    /** "requirement: why" for every requirement of this kind whose verdict (by grant and member index) is not MET. */
    List<String> unmet(PolicyKind kind, BiFunction<Grant, Integer, Verdict> verdicts) {
        List<String> unmet = new ArrayList<>();
        for (Grant grant : Grant.of(kind)) {
            List<Requirement> of = of(grant);
            for (int i = 0; i < of.size(); i++) {
                Verdict verdict = verdicts.apply(grant, i);
                if (verdict.status() != Verdict.Status.MET) {
                    unmet.add(of.get(i).description() + ": " + verdict.detail());
                }
            }
        }
        return unmet;
    }

    private static List<Probe> with(List<Probe> probes, Probe more) {
        List<Probe> all = new ArrayList<>(probes);
        all.add(more);
        return all;
    }

    /** The probes of this kind of policy, member by member. */
    List<Probes> probes(PolicyKind kind) {
        return probes.get(kind);
    }
}
