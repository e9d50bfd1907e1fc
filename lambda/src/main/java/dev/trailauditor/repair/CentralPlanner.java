package dev.trailauditor.repair;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.check.CentralDestination;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.observe.CentralSnapshot;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.policy.MergeResult;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.PolicyMerger;
import dev.trailauditor.policy.PolicyParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the central policies from the registry: pure, from the snapshot alone. A policy that
 * could not be read or understood gets no plan (its checks already say why).
 */
public final class CentralPlanner {
    private static final PolicyMerger MERGER = new PolicyMerger();
    private final AuditConfig config;

    private final Instant at;

    /** @param at when the requests are judged (they carry aws:CurrentTime) */
    public CentralPlanner(AuditConfig config, Instant at) {
        this.config = config;
        this.at = at;
    }

    public List<PolicyPlan> plan(CentralSnapshot snapshot) {
        CentralTarget target = config.centralTarget(at);
        List<Grantee> grantees = config.grantees();
        List<PolicyPlan> plans = new ArrayList<>();
        plan(PolicyKind.BUCKET, config.centralBucket(), snapshot.bucketPolicy(), target, grantees, null).ifPresent(plans::add);
        // A key pending deletion or disabled is not made ready for trails: that would hide that it is going.
        plan(PolicyKind.KEY, config.keyArn().toString(), snapshot.keyPolicy().map(Optional::of), target, grantees,
                CentralDestination.keyUnusable(snapshot.key()).orElse(null)).ifPresent(plans::add);
        return plans;
    }

    private Optional<PolicyPlan> plan(PolicyKind kind, String resource, Observation<Optional<String>> current,
                                      CentralTarget target, List<Grantee> grantees, String held) {
        if (!current.ok()) {
            return Optional.empty();
        }
        try {
            Optional<PolicyDocument> document = current.value().map(PolicyDocument::parse);
            MergeResult merge = MERGER.merge(kind, document, target, grantees, config.repairs().removeStaleGrants(),
                    config.repairs().tightenForeignGrants());
            return Optional.of(new PolicyPlan(kind, resource, current.value(), merge, held));
        } catch (PolicyParseException e) {
            return Optional.empty();
        }
    }

    /** The plan as the report shows it: dry-run state, sizes, statements, the policy before. */
    public static PolicyChange describe(PolicyPlan plan) {
        MergeResult merge = plan.merge();
        PolicyChange.State state = merge.refusal() != null ? PolicyChange.State.REFUSED
                : !merge.changed() ? PolicyChange.State.UNCHANGED
                : plan.held() != null ? PolicyChange.State.HELD : PolicyChange.State.PLANNED;
        String reason = merge.refusal() != null ? merge.refusal()
                : state == PolicyChange.State.HELD ? "held: " + plan.held() + "; not written until it is usable again" : null;
        return new PolicyChange(plan.kind() == PolicyKind.BUCKET ? "bucket policy" : "key policy", plan.resource(), state,
                merge.shape() == null ? null : merge.shape().name(), merge.sizeBefore(), merge.sizeAfter(), merge.limit(),
                merge.roomLeft(),
                List.<JsonNode>copyOf(merge.added()),
                merge.replaced().stream().map(r -> new PolicyChange.Replacement(r.before(), r.after())).toList(),
                List.<JsonNode>copyOf(merge.removed()), merge.stillUnmet(), merge.advice(), reason, plan.before().orElse(null), null, null);
    }
}
