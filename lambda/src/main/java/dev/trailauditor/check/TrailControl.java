package dev.trailauditor.check;

import dev.trailauditor.config.DesiredTrail;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.MemberSnapshot;
import java.time.Instant;
import java.util.Optional;

/**
 * One concern about a member's trail, decided once: its metadata ({@link #check()}), what passes,
 * the verdict on a trail that exists and, when it fails and the auditor can put it right, the fix.
 * The planner only groups fixes into calls; it never compares a field again.
 */
public abstract class TrailControl {
    private final Check check;

    TrailControl(Check check) {
        this.check = check;
    }

    /** The id, severity, title, risk, remediation and read and fix permissions. */
    public final Check check() {
        return check;
    }

    /** What passes, as the report says it (also for an account that could not be read). */
    public abstract String expected(DesiredTrail desired, Member member);

    /** The verdict on a trail that exists; a failed verdict carries the fix, if the auditor has one. */
    public abstract Finding evaluate(MemberSnapshot.Found found, DesiredTrail desired, Instant now);

    /** A verdict and the fix it proposes. */
    public record Finding(CheckResult result, Optional<Fix> fix) {
        static Finding passed(CheckResult result) {
            return new Finding(result, Optional.empty());
        }
    }
}
