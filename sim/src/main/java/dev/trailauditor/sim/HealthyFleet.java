package dev.trailauditor.sim;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import java.util.List;

/**
 * Sets up a fleet as a correctly configured audit account has it: the central bucket and key
 * granting every registered trail and hardened (bucket policy denying plain HTTP, versioning, access
 * logging, SSE-KMS with the key, a lifecycle rule far longer than any retention, no replication, key rotation, no grants on
 * the key), the event bus (when configured) admitting every member, the report topic with one confirmed subscription, and
 * each member's role and healthy trail.
 * Scenario tests and the demo start here and then seed drift.
 */
public final class HealthyFleet {
    private HealthyFleet() {}

    public static void setUp(Fleet fleet, AuditConfig config) {
        List<String> trails = config.members().stream().map(m -> m.trailArn().toString()).toList();
        SimAccount audit = fleet.account(config.auditAccountId());
        audit.bucket(config.centralBucket()).region(config.centralRegion())
                .policy(GrantingPolicies.bucket(config.centralBucket(), config.logPrefix().apiValue(), trails))
                .harden(config.keyArn().toString());
        audit.kmsKey(config.centralRegion(), keyId(config))
                .policy(GrantingPolicies.key(config.auditAccountId(), trails)).rotation(true);
        List<String> others = config.members().stream().map(Member::accountId)
                .filter(account -> !account.equals(config.auditAccountId())).toList();
        config.eventBusArn().map(bus -> audit.eventBus(bus.region(), bus.resourceName()))
                .filter(bus -> !others.isEmpty()).ifPresent(bus -> bus.policy(GrantingPolicies.bus(bus.arn(), others)));
        config.reportTopicArn().ifPresent(topic -> audit.snsTopic(topic.region(), topic.resource()).subscriptions(1, 0));
        failedCallsQueue(fleet, config);
        for (Member member : config.members()) {
            fleet.account(member.accountId()).role(member.roleName());
            trail(fleet, member).healthy(config.centralBucket(), config.logPrefix().apiValue(), config.keyArn().toString());
        }
    }

    /** The queue of failed calls the configuration names (its URL's last part is its name), empty; or none. */
    public static java.util.Optional<SimQueue> failedCallsQueue(Fleet fleet, AuditConfig config) {
        return config.eventPath().failedCallsQueue().map(q -> fleet.account(q.accountId())
                .sqsQueue(q.region(), q.url().substring(q.url().lastIndexOf('/') + 1)));
    }

    public static SimTrail trail(Fleet fleet, Member member) {
        return fleet.account(member.accountId()).trail(member.trailName(), member.homeRegion());
    }

    public static String keyId(AuditConfig config) {
        return config.keyArn().resourceName();
    }
}
