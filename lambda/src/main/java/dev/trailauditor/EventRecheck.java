package dev.trailauditor;

import dev.trailauditor.CloudTrailEvents.ApiCall;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.report.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a batch of CloudTrail API calls asks to re-check: the registered members whose trail they changed, each once
 * however many calls name it, and the central policies (which every run checks). Calls that ask for nothing are kept
 * with the reason, for the log and the report.
 *
 * @param members the members to re-check, in registry order; empty when only the central bucket or key changed
 * @param trigger the calls that led here and the ones left alone
 */
record EventRecheck(List<Member> members, Trigger trigger) {

    static final String CLOUDTRAIL = "cloudtrail.amazonaws.com";
    static final String S3 = "s3.amazonaws.com";
    static final String KMS = "kms.amazonaws.com";
    static final String EVENTS = "events.amazonaws.com";

    /** True when no call asked for a re-check: there is no run. */
    boolean nothingToCheck() {
        return trigger.events().isEmpty();
    }

    static EventRecheck of(List<ApiCall> calls, AuditConfig config) {
        Set<String> accounts = new LinkedHashSet<>();
        List<Trigger.Event> events = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (ApiCall call : calls) {
            Optional<String> target = target(call);
            Trigger.Event event = new Trigger.Event(call.eventName(), call.account(), call.who(), call.time(),
                    target.orElse(null));
            Optional<String> leftAlone = whyLeftAlone(call, target, config);
            if (leftAlone.isPresent()) {
                ignored.add(event.describe() + ": " + leftAlone.get());
                continue;
            }
            events.add(event);
            if (call.source().equals(CLOUDTRAIL)) {
                accounts.add(call.account());
            }
        }
        List<Member> members = accounts.isEmpty() ? List.of() : config.membersWithIds(accounts);
        return new EventRecheck(members, new Trigger(events, ignored));
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
                if (isAuditorsOwnSession(call.who(), member.get(), config)) {
                    return Optional.of("the auditor's own repair");
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

    /**
     * The member role's session the auditor itself opens ({@link SdkClients#SESSION_NAME}): its writes are the repairs of
     * a run, and re-checking after them would only find them done. The member role trusts only the auditor's role, so no
     * one else can open that session. The audit account's own trail is repaired with the function's role, which is not
     * told apart: a repair there is followed by one confirming re-check.
     */
    private static boolean isAuditorsOwnSession(String who, Member member, AuditConfig config) {
        return !config.isAuditAccount(member) && who.equals("arn:" + member.trailArn().partition() + ":sts::"
                + member.accountId() + ":assumed-role/" + member.roleName() + "/" + SdkClients.SESSION_NAME);
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
