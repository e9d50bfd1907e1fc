package dev.trailauditor.repair;

import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.observe.BucketDeliveries;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.DeliveryCutOff;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.policy.OwnStatements;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tightening never cuts off a trail silently. A planned change that removes or replaces a foreign statement of the
 * bucket or key policy is held when an unregistered account's trail delivered within DELIVERY_MAX_AGE_HOURS through
 * that statement and the changed policy no longer lets it in, unless TIGHTEN_ALLOWED_ACCOUNTS names the account.
 * Whether anyone delivers is unknown when the bucket could not be listed, or when a folder under AWSLogs/ is not an
 * account's: the change is then held too. Pure: the listing is the caller's, made only when {@link #tightens} a plan.
 */
public final class TighteningGuard {
    private static final int NAMED_FOLDERS = 3;
    private final CentralTarget target;
    private final Duration maxAge;
    private final Set<String> allowed;
    private final List<Grantee> registered;

    /** @param registered the registry's members: whose statements are the auditor's own is judged against it */
    public TighteningGuard(CentralTarget target, Duration maxAge, List<String> allowed, List<Grantee> registered) {
        this.target = target;
        this.maxAge = maxAge;
        this.allowed = Set.copyOf(allowed);
        this.registered = List.copyOf(registered);
    }

    /** A change to be written that removes a statement the auditor does not manage: only tightening does that. */
    public boolean tightens(PolicyPlan plan) {
        return plan.kind() != PolicyKind.EVENT_BUS && plan.held() == null && plan.merge().changed()
                && !plan.merge().refused() && !removedForeign(plan).isEmpty();
    }

    /** Every plan, those that {@link #tightens} held or marked with whom they cut off. */
    public List<PolicyPlan> guard(List<PolicyPlan> plans, Observation<BucketDeliveries> deliveries) {
        return plans.stream().map(plan -> tightens(plan) ? guard(plan, deliveries) : plan).toList();
    }

    private PolicyPlan guard(PolicyPlan plan, Observation<BucketDeliveries> deliveries) {
        if (!deliveries.ok()) {
            return held(plan, List.of(), "the central bucket's account folders could not be listed (" + deliveries.failure()
                    + "), so whose trails the removed statements still serve is unknown; not tightened until they can be");
        }
        if (!deliveries.value().otherFolders().isEmpty()) {
            List<String> folders = deliveries.value().otherFolders();
            // Their names are written by whoever may write there: a few are named, not all.
            String named = String.join(", ", folders.subList(0, Math.min(NAMED_FOLDERS, folders.size())))
                    + (folders.size() > NAMED_FOLDERS ? " and " + (folders.size() - NAMED_FOLDERS) + " more" : "");
            return held(plan, List.of(), "the central bucket holds folders that are not an account's ("
                    + named + "; an organization trail's, say): the auditor cannot"
                    + " tell whose trails write there, so it does not tighten; narrow the removed statements by hand");
        }
        List<CutOff> cutOff = cutOff(plan, deliveries.value());
        List<CutOff> notAllowed = cutOff.stream().filter(c -> !c.allowed()).toList();
        if (notAllowed.isEmpty()) {
            return new PolicyPlan(plan.kind(), plan.resource(), plan.before(), plan.merge(), null, cutOff);
        }
        return held(plan, cutOff, "it would cut off the trails of accounts the registry does not name, which delivered within "
                + maxAge.toHours() + " h: " + notAllowed.stream().map(c -> c.account() + " (last delivered " + c.lastDelivered() + ")")
                .collect(Collectors.joining(", ")) + "; register them, or add them to " + ConfigLoader.TIGHTEN_ALLOWED_ACCOUNTS
                + " to let them go");
    }

    private static PolicyPlan held(PolicyPlan plan, List<CutOff> cutOff, String why) {
        return new PolicyPlan(plan.kind(), plan.resource(), plan.before(), plan.merge(), why, cutOff);
    }

    /** The accounts with recent files whose requests a removed statement allowed and the changed policy refuses. */
    private List<CutOff> cutOff(PolicyPlan plan, BucketDeliveries deliveries) {
        PolicyDocument before = PolicyDocument.parse(plan.before().orElseThrow());
        List<Statement> removed = removedForeign(before, plan);
        PolicyDocument after = plan.merge().document();
        Set<String> accounts = new LinkedHashSet<>();
        for (BucketDeliveries.Delivery delivery : deliveries.recent()) {
            if (!accounts.contains(delivery.account()) && DeliveryCutOff.cutsOff(plan.kind(), target, before, after, removed,
                    delivery.account(), delivery.region(), delivery.digest())) {
                accounts.add(delivery.account());
            }
        }
        List<CutOff> cutOff = new ArrayList<>();
        accounts.stream().sorted().forEach(account -> cutOff.add(new CutOff(account,
                deliveries.lastDelivered(account).orElseThrow(), allowed.contains(account))));
        return cutOff;
    }

    private List<Statement> removedForeign(PolicyPlan plan) {
        return plan.before().map(text -> removedForeign(PolicyDocument.parse(text), plan)).orElse(List.of());
    }

    /**
     * The statements of the policy as read that are not the auditor's own and that the change removes or replaces. Own
     * is judged by exact meaning ({@link OwnStatements}), not by Sid: an imitation of the auditor's statement that
     * tightening replaces may serve another team's trail like any hand-written one.
     */
    private List<Statement> removedForeign(PolicyDocument before, PolicyPlan plan) {
        OwnStatements own = OwnStatements.of(before, target, registered);
        return before.statements().stream()
                .filter(s -> !own.isOwn(s) && plan.merge().removed().contains(s.json())).toList();
    }
}
