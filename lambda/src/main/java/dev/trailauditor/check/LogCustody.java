package dev.trailauditor.check;

import dev.trailauditor.check.CentralHardening.Verdict;
import dev.trailauditor.observe.CustodySettings;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.CentralTarget;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.kms.model.GrantConstraints;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.s3.model.Destination;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionExpiration;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleAndOperator;
import software.amazon.awssdk.services.s3.model.ReplicationRuleFilter;

/**
 * The log custody controls: what can read or drop the logs without the bucket or key policy showing it (grants on the
 * key, lifecycle expiration, replication to another account), and whether anyone hears the report and the alarms.
 * Pure functions of the settings read; reported with the hardening controls, never repaired, no hold on trails.
 */
public final class LogCustody {
    /** The custody controls, in the order they are reported. */
    public static final Set<Check> CONTROLS = EnumSet.of(Check.KEY_GRANTS, Check.BUCKET_LIFECYCLE, Check.BUCKET_REPLICATION,
            Check.REPORT_SUBSCRIBERS);

    /**
     * Grant operations that neither use the key material nor hand anything on: describing the key, retiring the grant
     * itself, reading an asymmetric key's public half. Every other operation, one unknown to this SDK included, is a
     * use of the key (https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-grant-operations).
     * No grant is an exception: CloudTrail and the audit account use the key through its policy, never through a grant.
     */
    static final Set<String> HARMLESS_OPERATIONS = Set.of("DescribeKey", "RetireGrant", "GetPublicKey");

    /** The attributes GetTopicAttributes answers with (https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html). */
    static final String CONFIRMED = "SubscriptionsConfirmed";
    static final String PENDING = "SubscriptionsPending";

    private final CentralTarget target;
    private final int retentionDays;

    /** @param retentionDays LOG_RETENTION_DAYS: how long log files must stay */
    public LogCustody(CentralTarget target, int retentionDays) {
        this.target = target;
        this.retentionDays = retentionDays;
    }

    public static boolean covers(Check check) {
        return CONTROLS.contains(check);
    }

    /** The custody results; report.subscribers only when the run has a report topic (a terminal run prints its report). */
    public List<CheckResult> evaluate(CustodySettings settings) {
        List<CheckResult> results = new ArrayList<>();
        results.add(CentralHardening.judged(Check.KEY_GRANTS, "no grant for a use of the key (only " + String.join(", ",
                HARMLESS_OPERATIONS.stream().sorted().toList()) + ")", settings.keyGrants(), LogCustody::grants));
        results.add(CentralHardening.judged(Check.BUCKET_LIFECYCLE, "no enabled rule expires log files under " + logRoot()
                + " within " + retentionDays + " days (LOG_RETENTION_DAYS)", settings.lifecycle(), this::lifecycle));
        results.add(replication(settings.replication()));
        if (!settings.reportTopic().ok() || settings.reportTopic().value().isPresent()) {
            results.add(CentralHardening.judged(Check.REPORT_SUBSCRIBERS, "at least one confirmed subscription to the report topic",
                    settings.reportTopic().ok() ? subscriptions(settings.reportTopic().value().orElseThrow())
                            : Observation.failed(settings.reportTopic().failure()), LogCustody::subscribers));
        }
        return results;
    }

    /** Where CloudTrail writes: "prefix/AWSLogs/", or "AWSLogs/". */
    private String logRoot() {
        return target.prefix().keyOf("AWSLogs/");
    }

    // --- key.grants ---

    private static Verdict grants(List<GrantListEntry> grants) {
        List<String> using = grants.stream().filter(LogCustody::usesTheKey).map(LogCustody::describe).toList();
        if (!using.isEmpty()) {
            return Verdict.fail(using.size() + " of " + grants.size() + " grants let a principal use the key: " + listed(using));
        }
        return Verdict.pass(grants.isEmpty() ? "no grants" : grants.size() + " grants, none for a use of the key: "
                + listed(grants.stream().map(LogCustody::describe).toList()));
    }

    private static boolean usesTheKey(GrantListEntry grant) {
        return !HARMLESS_OPERATIONS.containsAll(grant.operationsAsStrings());
    }

    /** The grant as ListGrants names it: id, grantee, operations, constraints, retiring principal. */
    private static String describe(GrantListEntry grant) {
        String grantee = grant.granteePrincipal() != null ? grant.granteePrincipal() : grant.granteeServicePrincipal();
        String retiring = grant.retiringPrincipal() != null ? grant.retiringPrincipal() : grant.retiringServicePrincipal();
        return "grant " + grant.grantId() + (grant.name() == null || grant.name().isEmpty() ? "" : " '" + printable(grant.name()) + "'")
                + " to " + (grantee == null ? "(no grantee named)" : grantee)
                + " for " + String.join(", ", grant.operationsAsStrings())
                + ", " + constraints(grant.constraints())
                + ", retiring principal " + (retiring == null ? "none" : retiring)
                + (grant.issuingAccount() == null ? "" : ", issued by " + grant.issuingAccount());
    }

    private static String constraints(GrantConstraints constraints) {
        if (constraints == null || !constraints.hasEncryptionContextEquals() && !constraints.hasEncryptionContextSubset()) {
            return "no constraints";
        }
        return constraints.hasEncryptionContextEquals() ? "only with encryption context " + constraints.encryptionContextEquals()
                : "only with encryption context including " + constraints.encryptionContextSubset();
    }

    // --- bucket.lifecycle ---

    private Verdict lifecycle(Optional<List<LifecycleRule>> configured) {
        if (configured.isEmpty()) {
            return Verdict.pass("no lifecycle configuration: S3 expires nothing");
        }
        List<String> early = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (LifecycleRule rule : configured.get()) {
            String name = ruleName(rule.id());
            if (!isEnabled(rule.statusAsString())) {
                kept.add(name + " is disabled");
                continue;
            }
            LogFileFilter filter = filter(rule);
            Optional<String> noLogFile = filter.whyNoLogFile(logRoot());
            if (noLogFile.isPresent()) {
                kept.add(name + " selects no log file (" + noLogFile.get() + ")");
                continue;
            }
            List<String> expirations = expirationsTooEarly(rule.expiration(), rule.noncurrentVersionExpiration());
            if (expirations.isEmpty()) {
                kept.add(name + " keeps log files " + retentionDays + " days or longer");
            } else {
                early.add(name + " (" + filter.describe() + ") " + String.join(" and ", expirations));
            }
        }
        return early.isEmpty() ? Verdict.pass(listed(kept))
                : Verdict.fail(listed(early) + ", within the " + retentionDays + " days log files must be kept");
    }

    /** Each expiration that deletes a log file before its retention is over; ExpiredObjectDeleteMarker deletes no data. */
    private List<String> expirationsTooEarly(LifecycleExpiration expiration, NoncurrentVersionExpiration noncurrent) {
        List<String> early = new ArrayList<>();
        if (expiration != null && expiration.days() != null && expiration.days() < retentionDays) {
            early.add("expires log files " + expiration.days() + " days after they are written");
        }
        if (expiration != null && expiration.date() != null) {
            // From that date on every selected object expires, whatever its age.
            early.add("expires every log file on " + expiration.date() + ", whatever its age");
        }
        if (noncurrent != null && noncurrent.noncurrentDays() != null && noncurrent.noncurrentDays() < retentionDays) {
            early.add("deletes overwritten or deleted log files " + noncurrent.noncurrentDays() + " days after"
                    + (noncurrent.newerNoncurrentVersions() == null ? ""
                    : " (beyond the newest " + noncurrent.newerNoncurrentVersions() + " versions)"));
        }
        return early;
    }

    /** A rule's filter, or its older top-level Prefix; neither selects every object. */
    private static LogFileFilter filter(LifecycleRule rule) {
        LifecycleRuleFilter filter = rule.filter();
        if (filter == null) {
            return new LogFileFilter(rule.prefix(), false, null, null);
        }
        LifecycleRuleAndOperator and = filter.and();
        if (and != null) {
            return new LogFileFilter(and.prefix(), and.hasTags() && !and.tags().isEmpty(), and.objectSizeGreaterThan(),
                    and.objectSizeLessThan());
        }
        return new LogFileFilter(filter.prefix(), filter.tag() != null, filter.objectSizeGreaterThan(), filter.objectSizeLessThan());
    }

    // --- bucket.replication ---

    private CheckResult replication(Observation<Optional<ReplicationConfiguration>> read) {
        String expected = "no enabled rule replicates log files under " + logRoot() + " to another account";
        if (!read.ok()) {
            return CheckResult.unreachable(Check.BUCKET_REPLICATION, null, expected, read.failure());
        }
        if (read.value().isEmpty()) {
            return CheckResult.pass(Check.BUCKET_REPLICATION, null, expected, "no replication configuration");
        }
        List<String> foreign = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (ReplicationRule rule : read.value().get().rules()) {
            String name = ruleName(rule.id());
            Optional<String> noLogFile = isEnabled(rule.statusAsString()) ? filter(rule).whyNoLogFile(logRoot())
                    : Optional.of("it is disabled");
            Destination destination = rule.destination();
            String bucket = destination == null || destination.bucket() == null ? "(no destination bucket named)" : destination.bucket();
            String account = destination == null ? null : destination.account();
            if (noLogFile.isPresent()) {
                kept.add(name + " replicates no log file (" + noLogFile.get() + ")");
            } else if (account == null || account.isEmpty()) {
                unknown.add(name + " replicates log files to " + bucket + ", whose owner the rule does not state (no Destination.Account)");
            } else if (!account.equals(target.auditAccountId())) {
                foreign.add(name + " replicates log files to " + bucket + " in account " + account);
            } else {
                kept.add(name + " replicates to " + bucket + " in the audit account");
            }
        }
        if (foreign.isEmpty() && unknown.isEmpty()) {
            return CheckResult.pass(Check.BUCKET_REPLICATION, null, expected, listed(kept));
        }
        List<String> findings = new ArrayList<>(foreign);
        findings.addAll(unknown);
        // Logs known to reach another account are HIGH; a destination whose owner cannot be told, MEDIUM.
        return new CheckResult(Check.BUCKET_REPLICATION, null, Outcome.FAIL, expected, listed(findings),
                foreign.isEmpty() ? Severity.MEDIUM : Severity.HIGH);
    }

    private static LogFileFilter filter(ReplicationRule rule) {
        ReplicationRuleFilter filter = rule.filter();
        if (filter == null) {
            return new LogFileFilter(rule.prefix(), false, null, null);
        }
        ReplicationRuleAndOperator and = filter.and();
        if (and != null) {
            return new LogFileFilter(and.prefix(), and.hasTags() && !and.tags().isEmpty(), null, null);
        }
        return new LogFileFilter(filter.prefix(), filter.tag() != null, null, null);
    }

    // --- report.subscribers ---

    private record Subscriptions(int confirmed, int pending) {}

    /** Both counts as SNS states them; a missing or unreadable one means the answer cannot be judged. */
    private static Observation<Subscriptions> subscriptions(Map<String, String> attributes) {
        Optional<Integer> confirmed = count(attributes, CONFIRMED);
        Optional<Integer> pending = count(attributes, PENDING);
        if (confirmed.isEmpty() || pending.isEmpty()) {
            String which = confirmed.isEmpty() ? CONFIRMED : PENDING;
            return Observation.failed("SNS GetTopicAttributes gave no readable " + which + " ("
                    + (attributes.containsKey(which) ? "'" + attributes.get(which) + "'" : "absent") + ")");
        }
        return Observation.of(new Subscriptions(confirmed.get(), pending.get()));
    }

    private static Optional<Integer> count(Map<String, String> attributes, String name) {
        try {
            return Optional.ofNullable(attributes.get(name)).map(String::trim).map(Integer::parseInt).filter(n -> n >= 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Verdict subscribers(Subscriptions subscriptions) {
        String pending = subscriptions.pending() + " pending confirmation";
        return subscriptions.confirmed() > 0 ? Verdict.pass(subscriptions.confirmed() + " confirmed, " + pending)
                : Verdict.fail("no confirmed subscription (" + pending + "): nobody hears the report or an alarm");
    }

    // --- shared ---

    /** Only Disabled turns a rule off; any other status, an unknown one too, is judged as on. */
    private static boolean isEnabled(String status) {
        return !"Disabled".equals(status);
    }

    private static String ruleName(String id) {
        return "rule " + (id == null || id.isEmpty() ? "(no ID)" : "'" + printable(id) + "'");
    }

    /** Names written by whoever set the rule or grant are shown on one line: no control character reaches a report. */
    private static String printable(String text) {
        return text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** The first {@link #NAMED} items, then how many more: a key may hold 50,000 grants, and no report is flooded with them. */
    private static String listed(List<String> items) {
        String named = String.join("; ", items.subList(0, Math.min(NAMED, items.size())));
        return items.size() <= NAMED ? named : named + "; and " + (items.size() - NAMED) + " more";
    }

    static final int NAMED = 20;
}
