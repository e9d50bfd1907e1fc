package dev.trailauditor.repair;

import dev.trailauditor.aws.Failures;
import dev.trailauditor.aws.MemberSessions;
import dev.trailauditor.check.Check;
import dev.trailauditor.check.CheckResult;
import dev.trailauditor.check.Outcome;
import dev.trailauditor.config.Member;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.InsufficientEncryptionPolicyException;
import software.amazon.awssdk.services.cloudtrail.model.InsufficientS3BucketPolicyException;
import software.amazon.awssdk.services.cloudtrail.model.PutEventSelectorsRequest;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingRequest;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailRequest;

/**
 * Carries out a member's trail plan through its role, in order, paced to CloudTrail's write
 * rate. A failed step stops the rest of that member's plan (they build on it) and says why in
 * terms a person can act on.
 */
public final class TrailRepairer {
    /** The IAM actions trail repairs need in the member account: the trail checks' declared fix permissions. */
    public static final List<String> PERMISSIONS = Check.fixPermissions(Check.Scope.MEMBER);

    private final MemberSessions sessions;
    private final WritePacer pacer;
    private final Instant deadline;

    /** @param deadline no step starts after it: the run must still report what it did */
    public TrailRepairer(MemberSessions sessions, WritePacer pacer, Instant deadline) {
        this.sessions = sessions;
        this.pacer = pacer;
        this.deadline = deadline;
    }

    /** @param centralGrants the central checks about this member, to explain a refusal by CloudTrail */
    public List<TrailStep> apply(Member member, List<TrailStep> steps, List<CheckResult> centralGrants) {
        List<TrailStep> results = new ArrayList<>();
        String failure = null;
        for (TrailStep step : steps) {
            if (step.state() == TrailStep.State.HELD) {
                results.add(step);
                continue;
            }
            if (failure != null) {
                results.add(step.with(TrailStep.State.SKIPPED, "not attempted: " + failure));
                continue;
            }
            try {
                CloudTrailClient cloudTrail = sessions.cloudTrail(member, step.region());
                pacer.write(member.accountId(), step.region(), deadline, () -> send(cloudTrail, step.request()));
                results.add(step.with(TrailStep.State.DONE, null));
            } catch (WritePacer.OutOfTime e) {
                failure = e.getMessage();
                results.add(step.with(TrailStep.State.SKIPPED, "not attempted: " + failure));
            } catch (RuntimeException e) {
                failure = step.call() + " failed";
                results.add(step.with(TrailStep.State.FAILED, explain(step, e, centralGrants)));
            }
        }
        return results;
    }

    private static Object send(CloudTrailClient cloudTrail, CloudTrailRequest request) {
        if (request instanceof UpdateTrailRequest update) {
            return cloudTrail.updateTrail(update);
        }
        if (request instanceof PutEventSelectorsRequest selectors) {
            return cloudTrail.putEventSelectors(selectors);
        }
        if (request instanceof StartLoggingRequest start) {
            return cloudTrail.startLogging(start);
        }
        if (request instanceof CreateTrailRequest create) {
            return cloudTrail.createTrail(create);
        }
        throw new IllegalArgumentException("not a trail repair: " + request.getClass().getSimpleName());
    }

    /** CloudTrail's refusals named by the central requirement behind them; AccessDenied as the read-only role it is. */
    static String explain(TrailStep step, RuntimeException e, List<CheckResult> centralGrants) {
        if (e instanceof InsufficientS3BucketPolicyException) {
            return "CloudTrail refused the central bucket policy: " + unmet(centralGrants, "bucket-policy.")
                    + " (" + Failures.describe(e) + ")";
        }
        if (e instanceof InsufficientEncryptionPolicyException) {
            return "CloudTrail refused the central key policy: " + unmet(centralGrants, "key-policy.")
                    + " (" + Failures.describe(e) + ")";
        }
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && String.valueOf(service.awsErrorDetails().errorCode()).startsWith("AccessDenied")) {
            return "member role is read-only: AccessDenied on " + step.permission()
                    + " (deploy member-role.yaml with AllowRepairs=true to let the auditor repair this trail)";
        }
        return Failures.describe(e);
    }

    private static String unmet(List<CheckResult> centralGrants, String prefix) {
        String failing = centralGrants.stream()
                .filter(r -> r.check().id().startsWith(prefix) && r.outcome() != Outcome.PASS && r.outcome() != Outcome.REPAIRED)
                .map(r -> r.check().id() + " is not met (" + r.actual() + ")")
                .collect(Collectors.joining("; "));
        return failing.isEmpty() ? "its checks passed when read, so it changed or CloudTrail needs more than they check" : failing;
    }
}
