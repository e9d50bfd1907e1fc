package dev.trailauditor.check;

import dev.trailauditor.config.DesiredTrail;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.MemberSnapshot;
import java.time.Instant;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/**
 * trail.delivery: what CloudTrail says of its last deliveries. No fix of its own: a delivery error
 * is put right where it comes from (the central policies, the trail's bucket or key).
 */
final class TrailDelivery extends TrailControl {

    TrailDelivery() {
        super(Check.TRAIL_DELIVERY);
    }

    @Override
    public String expected(DesiredTrail desired, Member member) {
        return "delivered within " + Ages.hours(desired.deliveryMaxAge()) + ", no delivery errors";
    }

    @Override
    public Finding evaluate(MemberSnapshot.Found found, DesiredTrail desired, Instant now) {
        return Finding.passed(result(found, desired, now));
    }

    private CheckResult result(MemberSnapshot.Found found, DesiredTrail desired, Instant now) {
        String account = found.member().accountId();
        String expected = expected(desired, found.member());
        Trail trail = found.trail();
        GetTrailStatusResponse status = found.status();
        if (!isBlank(status.latestDeliveryError())) {
            return CheckResult.fail(Check.TRAIL_DELIVERY, account, expected, "delivery error: " + status.latestDeliveryError());
        }
        // Counted unless validation is known to be off: an answer without LogFileValidationEnabled hides no error.
        if (!Boolean.FALSE.equals(trail.logFileValidationEnabled()) && !isBlank(status.latestDigestDeliveryError())) {
            return CheckResult.fail(Check.TRAIL_DELIVERY, account, expected,
                    "digest delivery error: " + status.latestDigestDeliveryError());
        }
        Instant last = status.latestDeliveryTime();
        if (last != null && withinMaxAge(last, now, desired)) {
            return CheckResult.pass(Check.TRAIL_DELIVERY, account, expected, delivered(last, now));
        }
        // A trail that (re)started logging recently has had no time to deliver yet: silence counts from its start.
        Instant started = status.startLoggingTime();
        if (Boolean.TRUE.equals(status.isLogging()) && started != null && (last == null || last.isBefore(started))
                && withinMaxAge(started, now, desired)) {
            return CheckResult.pass(Check.TRAIL_DELIVERY, account, expected, "logging since " + Ages.at(started, now)
                    + ", first delivery pending");
        }
        return CheckResult.fail(Check.TRAIL_DELIVERY, account, expected,
                last == null ? "no log file delivered yet" : delivered(last, now));
    }

    private static boolean withinMaxAge(Instant since, Instant now, DesiredTrail desired) {
        return Ages.within(since, now, desired.deliveryMaxAge());
    }

    private static String delivered(Instant last, Instant now) {
        return "last delivery " + Ages.at(last, now);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
