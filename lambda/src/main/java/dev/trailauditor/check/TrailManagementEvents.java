package dev.trailauditor.check;

import dev.trailauditor.aws.IncompleteAnswer;
import dev.trailauditor.config.DesiredTrail;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.MemberSnapshot;
import java.time.Instant;
import java.util.Optional;

/** trail.management-events: read and write management events, none excluded; PutEventSelectors restores them. */
final class TrailManagementEvents extends TrailControl {

    TrailManagementEvents() {
        super(Check.TRAIL_MANAGEMENT_EVENTS);
    }

    @Override
    public String expected(DesiredTrail desired, Member member) {
        return ManagementEvents.EXPECTED;
    }

    @Override
    public Finding evaluate(MemberSnapshot.Found found, DesiredTrail desired, Instant now) {
        // Both lists are optional (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html),
        // but a trail has one or the other: an answer with neither says nothing, and a PutEventSelectors built from it
        // would drop the trail's data event selectors.
        if (!found.selectors().hasEventSelectors() && !found.selectors().hasAdvancedEventSelectors()) {
            return Finding.passed(CheckResult.unreachable(Check.TRAIL_MANAGEMENT_EVENTS, found.member().accountId(),
                    ManagementEvents.EXPECTED, new IncompleteAnswer("GetEventSelectors",
                            "EventSelectors or AdvancedEventSelectors").getMessage()));
        }
        String actual = ManagementEvents.describe(found.selectors());
        CheckResult result = CheckResult.compare(Check.TRAIL_MANAGEMENT_EVENTS, found.member().accountId(),
                ManagementEvents.EXPECTED, actual);
        return result.outcome() == Outcome.PASS ? Finding.passed(result)
                : new Finding(result, Optional.of(new Fix(Check.TRAIL_MANAGEMENT_EVENTS, "PutEventSelectors",
                        "ManagementEvents", actual, ManagementEvents.EXPECTED,
                        EventSelectorRepair.restoreManagementEvents(found.trailName(), found.selectors()))));
    }
}
