package dev.trailauditor.check;

import dev.trailauditor.config.DesiredTrail;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.MemberSnapshot;
import java.time.Instant;
import java.util.Objects;

/** trail.home-region: no fix, since a trail cannot move; the registry should say where it is. */
final class TrailHomeRegion extends TrailControl {

    TrailHomeRegion() {
        super(Check.TRAIL_HOME_REGION);
    }

    @Override
    public String expected(DesiredTrail desired, Member member) {
        return member.homeRegion();
    }

    @Override
    public Finding evaluate(MemberSnapshot.Found found, DesiredTrail desired, Instant now) {
        String registered = found.member().homeRegion();
        String actual = found.homeRegion();
        String account = found.member().accountId();
        return Finding.passed(Objects.equals(registered, actual)
                ? CheckResult.pass(Check.TRAIL_HOME_REGION, account, registered, actual)
                : CheckResult.fail(Check.TRAIL_HOME_REGION, account, registered, "homed in " + actual
                        + " (audited and repaired there; set \"homeRegion\": \"" + actual + "\" in the registry:"
                        + " central grants pinned to the registered trail ARN do not match this trail)"));
    }
}
