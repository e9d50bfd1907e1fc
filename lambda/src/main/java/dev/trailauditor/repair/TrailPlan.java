package dev.trailauditor.repair;

import java.util.List;

/**
 * What the auditor would do to one member's trail, in order.
 *
 * @param note why nothing is planned although a check failed (e.g. creating trails is not enabled); null otherwise
 */
public record TrailPlan(List<TrailStep> steps, String note) {

    public TrailPlan {
        steps = List.copyOf(steps);
    }

    static TrailPlan of(List<TrailStep> steps) {
        return new TrailPlan(steps, null);
    }

    static TrailPlan nothing(String note) {
        return new TrailPlan(List.of(), note);
    }

    /** The same plan with every step that would make the trail deliver to the central destination held. */
    TrailPlan held(String reason) {
        return new TrailPlan(steps.stream().map(step -> step.deliversToDestination()
                ? step.with(TrailStep.State.HELD, "held: " + reason
                        + "; the trail is not pointed at it or started until it is usable again")
                : step).toList(), note);
    }
}
