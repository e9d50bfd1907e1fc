package dev.trailauditor;

import dev.trailauditor.CloudTrailEvents.ApiCall;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.report.FailedCall;
import dev.trailauditor.report.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a batch of CloudTrail API calls asks to re-check: the registered members whose trail they changed, each once
 * however many calls name it, and the central policies (which every run checks). Only calls that succeeded ask for a
 * re-check: a failed call (it has an {@code errorCode}) changed nothing, and is kept apart to be reported. Calls that
 * ask for nothing are kept with the reason, for the log and the report.
 *
 * @param accepted the calls to re-check after, each with what it asks to re-check ({@link #scope})
 * @param ignored the calls left alone (and the records skipped), each with why
 * @param failed the failed calls on what the auditor watches (also among {@code ignored})
 * @param members the members to re-check, in registry order; empty when only the central policies changed
 */
record EventRecheck(List<Accepted> accepted, List<String> ignored, List<FailedCall> failed, List<Member> members) {

    static final String CLOUDTRAIL = "cloudtrail.amazonaws.com";
    static final String S3 = "s3.amazonaws.com";
    static final String KMS = "kms.amazonaws.com";
    static final String EVENTS = "events.amazonaws.com";
    /** The scope of a call on a central policy: every run checks them, whichever accounts it re-checks. */
    static final String CENTRAL = dev.trailauditor.report.ReportHistory.CENTRAL_POLICIES;

    /**
     * @param scope the account whose trail the call changed, or {@link #CENTRAL}
     */
    record Accepted(Trigger.Event event, String scope) {}

    /** True when no call asked for a re-check: there is no run. */
    boolean nothingToCheck() {
        return accepted.isEmpty();
    }

    /** What the report says started the run. */
    Trigger trigger() {
        return new Trigger(accepted.stream().map(Accepted::event).toList(), ignored);
    }

    static EventRecheck of(CloudTrailEvents.Batch batch, AuditConfig config) {
        List<Accepted> accepted = new ArrayList<>();
        List<String> ignored = new ArrayList<>(batch.skipped());
        List<FailedCall> failed = new ArrayList<>();
        for (ApiCall call : batch.calls()) {
            Optional<String> target = target(call);
            Trigger.Event event = new Trigger.Event(call.eventName(), call.account(), call.who(), call.time(),
                    target.orElse(null));
            Optional<String> leftAlone = whyLeftAlone(call, target, config);
            if (leftAlone.isPresent()) {
                ignored.add(event.describe() + ": " + leftAlone.get());
            } else if (call.failed()) {
                ignored.add(event.describe() + ": failed with " + call.errorCode() + ", so it changed nothing and starts no re-check");
                failed.add(new FailedCall(event, call.errorCode()));
            } else {
                accepted.add(new Accepted(event, call.source().equals(CLOUDTRAIL) ? call.account() : CENTRAL));
            }
        }
        return new EventRecheck(accepted, ignored, failed, members(accepted, config));
    }

    /** The same, with the calls a re-check already covers moved to {@code ignored}, each with why. */
    EventRecheck without(Function<Accepted, Optional<String>> coveredBecause, AuditConfig config) {
        List<Accepted> still = new ArrayList<>();
        List<String> ignoredToo = new ArrayList<>(ignored);
        for (Accepted call : accepted) {
            Optional<String> covered = coveredBecause.apply(call);
            covered.ifPresentOrElse(why -> ignoredToo.add(call.event().describe() + ": " + why), () -> still.add(call));
        }
        return new EventRecheck(still, ignoredToo, failed, members(still, config));
    }

    private static List<Member> members(List<Accepted> accepted, AuditConfig config) {
        Set<String> accounts = new LinkedHashSet<>();
        accepted.stream().map(Accepted::scope).filter(scope -> !scope.equals(CENTRAL)).forEach(accounts::add);
        return accounts.isEmpty() ? List.of() : config.membersWithIds(accounts);
    }

    /** Empty when the call is one to re-check after; else why not. */
    private static Optional<String> whyLeftAlone(ApiCall call, Optional<String> target, AuditConfig config) {
        switch (call.source()) {
            case CLOUDTRAIL -> {
                Optional<Member> member = config.members().stream()
                        .filter(m -> m.accountId().equals(call.account())).findFirst();
                if (member.isEmpty()) {
                    return Optional.of("account " + call.account() + " is not registered");
                }
                if (target.isPresent() && !trailName(target.get()).equals(member.get().trailName())) {
                    return Optional.of("not the registered trail " + member.get().trailName());
                }
                return Optional.empty();
            }
            case S3, KMS -> {
                if (!call.account().equals(config.auditAccountId())) {
                    return Optional.of("not in the audit account " + config.auditAccountId());
                }
                String central = call.source().equals(S3) ? config.centralBucket() : config.keyArn().toString();
                boolean named = target.isPresent() && (target.get().equals(central)
                        || call.source().equals(KMS) && target.get().equals(config.keyArn().resourceName()));
                return named ? Optional.empty() : Optional.of("not the central " + (call.source().equals(S3) ? "bucket " : "key ")
                        + central);
            }
            case EVENTS -> {
                // PutPermission/RemovePermission change the auditor's bus policy, the third central policy.
                if (config.eventBusArn().isEmpty()) {
                    return Optional.of("no event bus is configured (TRAIL_EVENT_BUS_ARN)");
                }
                if (!call.account().equals(config.auditAccountId())) {
                    return Optional.of("not in the audit account " + config.auditAccountId());
                }
                Arn bus = config.eventBusArn().get();
                boolean named = target.isPresent() && (target.get().equals(bus.toString()) || target.get().equals(bus.resourceName()));
                return named ? Optional.empty() : Optional.of("not the auditor's event bus " + bus);
            }
            default -> {
                return Optional.of("not a CloudTrail, S3, KMS or EventBridge call the auditor watches");
            }
        }
    }

    /** The trail, bucket or key a call names (trail calls name it {@code name} or {@code trailName}, by name or ARN). */
    private static Optional<String> target(ApiCall call) {
        return switch (call.source()) {
            case CLOUDTRAIL -> call.parameter("name").or(() -> call.parameter("trailName"));
            case S3 -> call.parameter("bucketName");
            case KMS -> call.parameter("keyId");
            // Without eventBusName the call is on the default bus, never the auditor's.
            case EVENTS -> call.parameter("eventBusName");
            default -> Optional.empty();
        };
    }

    /** A trail's name, given its name or ARN. */
    private static String trailName(String nameOrArn) {
        int slash = nameOrArn.lastIndexOf(":trail/");
        return slash < 0 ? nameOrArn : nameOrArn.substring(slash + ":trail/".length());
    }
}
