package dev.trailauditor.repair;

import dev.trailauditor.check.TrailControls;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.observe.MemberSnapshot;
import java.time.Instant;
import java.util.Optional;

/** The plan the pipeline makes for a snapshot: the controls' fixes, grouped by the planner. */
final class Plans {
    private Plans() {}

    static TrailPlan of(AuditConfig config, MemberSnapshot snapshot) {
        var fixes = new TrailControls(config.desiredTrail()).evaluate(snapshot, Instant.now()).fixes();
        return new TrailPlanner(config.repairs()).plan(snapshot, fixes, Optional.empty());
    }
}
