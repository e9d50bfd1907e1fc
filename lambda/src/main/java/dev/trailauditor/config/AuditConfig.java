package dev.trailauditor.config;

import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.policy.LogPrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The validated configuration of one audit run. Built only by {@link ConfigLoader}, so every
 * value here has already been checked, and each ARN was parsed once, there: nothing downstream takes a
 * configured string apart again.
 *
 * @param logPrefix the S3 key prefix before {@code AWSLogs/}, or none
 * @param keyArn the central key; its partition and region are the run's ({@link #partition()}, {@link #centralRegion()})
 * @param reportTopicArn the SNS topic the report is mailed to, if any
 * @param repairs what the auditor may change
 * @param assumeRoleRate AssumeRole calls a second at most: STS's rate is per calling account and cannot be raised
 * @param history where each run's report is kept and the previous one read; empty keeps none (a terminal run)
 * @param publishWhen when a finished run's report goes to the topic
 * @param eventBusArn the bus members forward their trail changes to, whose policy is the third central policy; empty:
 *                    no event path, and nothing about a bus is checked or written
 * @param logRetentionDays how long the central bucket must keep log files: a lifecycle rule that expires them sooner
 *                         fails bucket.lifecycle
 * @param eventPath how event-driven re-checks are paced, and where failed calls are kept
 */
public record AuditConfig(
        String centralBucket,
        LogPrefix logPrefix,
        Arn keyArn,
        String auditAccountId,
        String defaultTrailName,
        String defaultHomeRegion,
        String memberRoleName,
        Optional<String> externalId,
        Optional<Arn> reportTopicArn,
        Duration deliveryMaxAge,
        int parallelism,
        List<Member> members,
        Repairs repairs,
        int assumeRoleRate,
        Optional<HistoryLocation> history,
        PublishWhen publishWhen,
        Optional<Arn> eventBusArn,
        int logRetentionDays,
        EventPath eventPath) {

    /** STS AssumeRole calls a second unless configured: well within STS's per-account rate. */
    public static final int DEFAULT_ASSUME_ROLE_RATE = 20;
    /**
     * A year unless configured: PCI DSS 10.5.1 asks that audit logs be kept at least twelve months, the longest of
     * the common minimums (CIS asks for CloudTrail to be on and its bucket guarded, and sets no period of its own).
     */
    public static final int DEFAULT_LOG_RETENTION_DAYS = 365;

    public AuditConfig {
        members = List.copyOf(members);
    }

    public AuditConfig(String centralBucket, LogPrefix logPrefix, Arn keyArn, String auditAccountId, String defaultTrailName,
                       String defaultHomeRegion, String memberRoleName, Optional<String> externalId,
                       Optional<Arn> reportTopicArn, Duration deliveryMaxAge, int parallelism, List<Member> members,
                       Repairs repairs, int assumeRoleRate, Optional<HistoryLocation> history, PublishWhen publishWhen,
                       Optional<Arn> eventBusArn) {
        this(centralBucket, logPrefix, keyArn, auditAccountId, defaultTrailName, defaultHomeRegion, memberRoleName,
                externalId, reportTopicArn, deliveryMaxAge, parallelism, members, repairs, assumeRoleRate, history,
                publishWhen, eventBusArn, DEFAULT_LOG_RETENTION_DAYS, EventPath.DEFAULT);
    }

    public AuditConfig(String centralBucket, LogPrefix logPrefix, Arn keyArn, String auditAccountId, String defaultTrailName,
                       String defaultHomeRegion, String memberRoleName, Optional<String> externalId,
                       Optional<Arn> reportTopicArn, Duration deliveryMaxAge, int parallelism, List<Member> members,
                       Repairs repairs, int assumeRoleRate, Optional<HistoryLocation> history, PublishWhen publishWhen) {
        this(centralBucket, logPrefix, keyArn, auditAccountId, defaultTrailName, defaultHomeRegion, memberRoleName,
                externalId, reportTopicArn, deliveryMaxAge, parallelism, members, repairs, assumeRoleRate, history,
                publishWhen, Optional.empty());
    }

    public AuditConfig(String centralBucket, LogPrefix logPrefix, Arn keyArn, String auditAccountId, String defaultTrailName,
                       String defaultHomeRegion, String memberRoleName, Optional<String> externalId,
                       Optional<Arn> reportTopicArn, Duration deliveryMaxAge, int parallelism, List<Member> members,
                       Repairs repairs) {
        this(centralBucket, logPrefix, keyArn, auditAccountId, defaultTrailName, defaultHomeRegion, memberRoleName,
                externalId, reportTopicArn, deliveryMaxAge, parallelism, members, repairs, DEFAULT_ASSUME_ROLE_RATE);
    }

    public AuditConfig(String centralBucket, LogPrefix logPrefix, Arn keyArn, String auditAccountId, String defaultTrailName,
                       String defaultHomeRegion, String memberRoleName, Optional<String> externalId,
                       Optional<Arn> reportTopicArn, Duration deliveryMaxAge, int parallelism, List<Member> members,
                       Repairs repairs, int assumeRoleRate) {
        this(centralBucket, logPrefix, keyArn, auditAccountId, defaultTrailName, defaultHomeRegion, memberRoleName,
                externalId, reportTopicArn, deliveryMaxAge, parallelism, members, repairs, assumeRoleRate, Optional.empty(),
                PublishWhen.ALWAYS);
    }

    /**
     * The registered members with these account ids, in registry order (a targeted re-check).
     *
     * @throws IllegalArgumentException naming every id that is not registered
     */
    public List<Member> membersWithIds(Collection<String> accountIds) {
        Set<String> registered = members.stream().map(Member::accountId).collect(Collectors.toSet());
        List<String> unknown = accountIds.stream().filter(id -> !registered.contains(id)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not registered: " + String.join(", ", unknown)
                    + " (the registry has " + String.join(", ", registered.stream().sorted().toList()) + ")");
        }
        if (accountIds.isEmpty()) {
            throw new IllegalArgumentException("no account ids given: name at least one registered account");
        }
        return members.stream().filter(m -> accountIds.contains(m.accountId())).toList();
    }

    /** The partition ({@code aws}, {@code aws-cn}, ...) taken from the central key's ARN. */
    public String partition() {
        return keyArn.partition();
    }

    /** The region of the central bucket and key: where the function's own clients point. */
    public String centralRegion() {
        return keyArn.region();
    }

    /** What every member's trail must be. */
    public DesiredTrail desiredTrail() {
        return new DesiredTrail(centralBucket, logPrefix, keyArn, deliveryMaxAge);
    }

    /** The central target this configuration names, judged at this time. */
    public CentralTarget centralTarget(Instant at) {
        return new CentralTarget(partition(), centralBucket, logPrefix, keyArn.toString(), auditAccountId, at,
                eventBusArn.map(Arn::toString).orElse(""));
    }

    /** The registered members as grantees, each with its trail's registered ARN. */
    public List<Grantee> grantees() {
        return members.stream().map(m -> Grantee.of(m.trailArn())).toList();
    }

    /**
     * The account that owns the central and history buckets, the audit account: every S3 call on them names it as
     * ExpectedBucketOwner, so S3 answers 403 AccessDenied for a bucket of that name that another account owns (one
     * created under the name after a deletion, say) instead of the auditor reading, listing or writing that account's
     * bucket. The bucket owner condition takes every object operation and every bucket operation but CreateBucket and
     * ListBuckets (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html).
     */
    public String bucketOwner() {
        return auditAccountId;
    }

    /** The audit account's own trail is read with the function's own role, not an assumed one. */
    public boolean isAuditAccount(Member member) {
        return member.accountId().equals(auditAccountId);
    }
}
