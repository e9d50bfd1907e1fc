package dev.trailauditor.repair;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.check.CentralChecks;
import dev.trailauditor.check.CentralDestination;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.observe.CentralSnapshot;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.MergeResult;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyJudgement;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.PolicyMerger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the central policies from the registry: pure, from the snapshot and the checks' judgement of
 * it. A policy that could not be read or understood gets no plan (its checks already say why).
 */
public final class CentralPlanner {
    private static final PolicyMerger MERGER = new PolicyMerger();
    private final AuditConfig config;

    public CentralPlanner(AuditConfig config) {
        this.config = config;
    }

    /** @param judged the policies as the checks judged them: the merger starts from those verdicts */
    public List<PolicyPlan> plan(CentralSnapshot snapshot, CentralChecks.Evaluation judged) {
        List<PolicyPlan> plans = new ArrayList<>();
        plan(config.centralBucket(), snapshot.bucketPolicy(), judged.bucket(), null).ifPresent(plans::add);
        // A key pending deletion or disabled is not made ready for trails: that would hide that it is going.
        plan(config.keyArn().toString(), snapshot.keyPolicy().map(Optional::of), judged.key(),
                CentralDestination.keyUnusable(snapshot.key()).map(why -> why + "; not written until it is usable again")
                        .orElse(null)).ifPresent(plans::add);
        // The bus last: it only speeds up re-checks, delivery never waits on it.
        config.eventBusArn().flatMap(bus -> plan(bus.toString(), snapshot.busPolicy(), judged.bus(), null))
                .map(CentralPlanner::holdEmptyBusPolicy).ifPresent(plans::add);
        return plans;
    }

    /**
     * A bus policy left without statements (only stale grants were in it, and they go) is not written: whether
     * PutPermission takes an empty policy is not documented, while RemovePermission with RemoveAllPermissions is
     * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemovePermission.html).
     */
    private static PolicyPlan holdEmptyBusPolicy(PolicyPlan plan) {
        return !plan.merge().changed() || !plan.merge().document().statements().isEmpty() ? plan
                : new PolicyPlan(plan.kind(), plan.resource(), plan.before(), plan.merge(), "the bus policy would hold no"
                        + " statement; remove it with aws events remove-permission --event-bus-name "
                        + Arn.of(plan.resource()).resourceName() + " --remove-all-permissions, once no member forwards to it");
    }

    private Optional<PolicyPlan> plan(String resource, Observation<Optional<String>> current,
                                      Observation<PolicyJudgement> judged, String held) {
        if (!current.ok() || !judged.ok()) {
            return Optional.empty();
        }
        PolicyJudgement judgement = judged.value();
        // The policy as read (absent when there is none), already parsed for its judgement.
        Optional<PolicyDocument> document = current.value().map(json -> judgement.policy());
        MergeResult merge = MERGER.merge(judgement, document, config.repairs().removeStaleGrants(),
                config.repairs().tightenForeignGrants());
        return Optional.of(new PolicyPlan(judgement.kind(), resource, current.value(), merge, held));
    }

    /** "bucket policy", "key policy", "bus policy": the start of the ids of the checks that judge it, too. */
    static String name(PolicyKind kind) {
        return switch (kind) {
            case BUCKET -> "bucket policy";
            case KEY -> "key policy";
            case EVENT_BUS -> "bus policy";
        };
    }

    /** The plan as the report shows it: dry-run state, sizes, statements, the policy before. */
    public static PolicyChange describe(PolicyPlan plan) {
        MergeResult merge = plan.merge();
        PolicyChange.State state = merge.refusal() != null ? PolicyChange.State.REFUSED
                : !merge.changed() ? PolicyChange.State.UNCHANGED
                : plan.held() != null ? PolicyChange.State.HELD : PolicyChange.State.PLANNED;
        String reason = merge.refusal() != null ? merge.refusal()
                : state == PolicyChange.State.HELD ? "held: " + plan.held() : null;
        return new PolicyChange(name(plan.kind()), plan.resource(), state,
                merge.shape() == null ? null : merge.shape().name(), merge.sizeBefore(), merge.sizeAfter(), merge.limit(),
                merge.roomLeft(),
                List.<JsonNode>copyOf(merge.added()),
                merge.replaced().stream().map(r -> new PolicyChange.Replacement(r.before(), r.after())).toList(),
                List.<JsonNode>copyOf(merge.removed()), merge.stillUnmet(), merge.advice(), reason, plan.before().orElse(null), null, null,
                plan.cutOff());
    }
}
