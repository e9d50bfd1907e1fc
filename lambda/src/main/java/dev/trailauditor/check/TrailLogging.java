package dev.trailauditor.check;

import dev.trailauditor.aws.IncompleteAnswer;
import dev.trailauditor.config.DesiredTrail;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.MemberSnapshot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingRequest;

/** trail.logging: the trail is on; StartLogging when it is not. */
final class TrailLogging extends TrailControl {

    TrailLogging() {
        super(Check.TRAIL_LOGGING);
    }

    @Override
    public String expected(DesiredTrail desired, Member member) {
        return "logging";
    }

    @Override
    public Finding evaluate(MemberSnapshot.Found found, DesiredTrail desired, Instant now) {
        GetTrailStatusResponse status = found.status();
        String account = found.member().accountId();
        // IsLogging is optional in the reference, with no default (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html):
        // without it, whether the trail is on is unknown, and no StartLogging is proposed.
        if (status.isLogging() == null) {
            return Finding.passed(CheckResult.unreachable(Check.TRAIL_LOGGING, account, "logging",
                    new IncompleteAnswer("GetTrailStatus", "IsLogging").getMessage()));
        }
        if (status.isLogging()) {
            return Finding.passed(CheckResult.pass(Check.TRAIL_LOGGING, account, "logging", "logging"));
        }
        String actual = "stopped" + (status.stopLoggingTime() == null ? ""
                : " since " + status.stopLoggingTime().truncatedTo(ChronoUnit.SECONDS));
        return new Finding(CheckResult.fail(Check.TRAIL_LOGGING, account, "logging", actual),
                Optional.of(startLogging(Check.TRAIL_LOGGING, found.trailName())));
    }

    /**
     * By the trail's name, sent to its home region: AWS takes a name or an ARN there, but only the home region
     * may start a multi-region trail (https://docs.aws.amazon.com/goto/WebAPI/cloudtrail/StartLogging), and
     * several emulators resolve only names. The step still reports the ARN, which says where the trail lives.
     *
     * @param control what starting it fixes: trail.logging, or trail.exists for a trail just created
     */
    static Fix startLogging(Check control, String trailName) {
        return new Fix(control, "StartLogging", "IsLogging", "false", "true",
                StartLoggingRequest.builder().name(trailName).build());
    }
}
