package dev.trailauditor.repair;

import dev.trailauditor.check.Fix;
import dev.trailauditor.config.Member;
import dev.trailauditor.config.Repairs;
import dev.trailauditor.observe.MemberSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the fixes the trail controls proposed into calls: pure, no AWS calls, and no comparison of
 * its own (the controls decided what drifted). Settings first (UpdateTrail), then event selectors,
 * then StartLogging, so the trail starts delivering only once it delivers to the right place.
 */
public final class TrailPlanner {
    /** The order the calls go in; a call's fixes become one step. */
    private static final List<String> CALL_ORDER = List.of("CreateTrail", "UpdateTrail", "PutEventSelectors", "StartLogging");

    private final Repairs repairs;

    public TrailPlanner(Repairs repairs) {
        this.repairs = repairs;
    }

    /**
     * @param fixes               what the controls proposed for this snapshot
     * @param unusableDestination why the central bucket or key must not receive logs now (deleted,
     *                            pending deletion, disabled, or not readable); steps that would point
     *                            the trail at it or start it are then held, never sent
     */
    public TrailPlan plan(MemberSnapshot snapshot, List<Fix> fixes, Optional<String> unusableDestination) {
        TrailPlan plan = snapshot instanceof MemberSnapshot.Found found
                ? TrailPlan.of(steps(found.trail().trailARN(), found.homeRegion(), fixes))
                : snapshot instanceof MemberSnapshot.Missing missing ? create(missing, fixes)
                : TrailPlan.of(List.of());
        return unusableDestination.map(plan::held).orElse(plan);
    }

    /** A missing trail is created only when someone opted in: it is a new resource in a member account. */
    private TrailPlan create(MemberSnapshot.Missing missing, List<Fix> fixes) {
        Member member = missing.member();
        if (!missing.nameFree()) {
            return TrailPlan.nothing("not repaired: the name is taken by a trail the auditor must not change (" + missing.detail() + ")");
        }
        if (!repairs.createMissingTrails() && !member.createTrail()) {
            return TrailPlan.nothing("not repaired: creating missing trails is off (CREATE_MISSING_TRAILS, or \"createTrail\": true in the registry)");
        }
        return TrailPlan.of(steps(member.trailArn().toString(), member.homeRegion(), fixes));
    }

    /**
     * One step per call, in {@link #CALL_ORDER}, naming the controls it fixes. Writes go to the trail's own home
     * region, which may not be the registered one, and name the trail; the steps report its ARN.
     */
    private static List<TrailStep> steps(String arn, String region, List<Fix> fixes) {
        List<TrailStep> steps = new ArrayList<>();
        for (String call : CALL_ORDER) {
            List<Fix> ofCall = fixes.stream().filter(f -> f.call().equals(call)).toList();
            if (ofCall.isEmpty()) {
                continue;
            }
            Map<String, TrailStep.Change> changes = new LinkedHashMap<>();
            ofCall.forEach(f -> changes.put(f.field(), new TrailStep.Change(f.before(), f.after())));
            List<String> controls = ofCall.stream().map(f -> f.control().id()).distinct().toList();
            steps.add(TrailStep.planned(call, arn, region, changes, controls, ofCall.get(0).request()));
        }
        return steps;
    }
}
