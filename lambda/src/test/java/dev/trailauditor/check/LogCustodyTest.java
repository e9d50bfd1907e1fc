package dev.trailauditor.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.observe.CustodySettings;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.LogPrefix;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;

/** Each custody control on its own: passing, failing, not configured, and unreadable. */
class LogCustodyTest {
    private static final String AUDIT = "111111111111";
    private static final String KEY = "arn:aws:kms:eu-west-1:" + AUDIT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final CentralTarget TARGET = new CentralTarget("aws", "central-trail-logs", LogPrefix.of("org"), KEY, AUDIT,
            Instant.parse("2026-11-29T03:00:00Z"));
    private static final String DENIED = "AccessDenied: Access Denied";
    private static final LogCustody CUSTODY = new LogCustody(TARGET, 365);

    private static Map<String, String> topic(String confirmed, String pending) {
        Map<String, String> attributes = new HashMap<>(Map.of("TopicArn", "arn:aws:sns:eu-west-1:" + AUDIT + ":trail-audit"));
        if (confirmed != null) {
            attributes.put("SubscriptionsConfirmed", confirmed);
        }
        if (pending != null) {
            attributes.put("SubscriptionsPending", pending);
        }
        return attributes;
    }

    /** No grants, no lifecycle, no replication, one confirmed subscription. */
    private static CustodySettings healthy() {
        return new CustodySettings(Observation.of(List.of()), Observation.of(Optional.empty()), Observation.of(Optional.empty()),
                Observation.of(Optional.of(topic("1", "0"))));
    }

    private static CheckResult result(Check check, CustodySettings settings) {
        List<CheckResult> results = CUSTODY.evaluate(settings);
        assertThat(results).extracting(CheckResult::check).containsExactlyElementsOf(LogCustody.CONTROLS);
        assertThat(results).filteredOn(r -> r.check() != check).extracting(CheckResult::outcome)
                .as("the other controls").containsOnly(Outcome.PASS);
        return results.stream().filter(r -> r.check() == check).findFirst().orElseThrow();
    }

    private static CheckResult grants(GrantListEntry... grants) {
        CustodySettings h = healthy();
        return result(Check.KEY_GRANTS, new CustodySettings(Observation.of(List.of(grants)), h.lifecycle(), h.replication(), h.reportTopic()));
    }

    private static CheckResult lifecycle(LifecycleRule... rules) {
        return lifecycle(Observation.of(Optional.of(List.of(rules))));
    }

    private static CheckResult lifecycle(Observation<Optional<List<LifecycleRule>>> read) {
        CustodySettings h = healthy();
        return result(Check.BUCKET_LIFECYCLE, new CustodySettings(h.keyGrants(), read, h.replication(), h.reportTopic()));
    }

    private static CheckResult replication(Observation<Optional<ReplicationConfiguration>> read) {
        CustodySettings h = healthy();
        return result(Check.BUCKET_REPLICATION, new CustodySettings(h.keyGrants(), h.lifecycle(), read, h.reportTopic()));
    }

    private static CheckResult replication(ReplicationRule... rules) {
        return replication(Observation.of(Optional.of(ReplicationConfiguration.builder()
                .role("arn:aws:iam::" + AUDIT + ":role/replication").rules(rules).build())));
    }

    private static CheckResult subscribers(Observation<Optional<Map<String, String>>> read) {
        CustodySettings h = healthy();
        return result(Check.REPORT_SUBSCRIBERS, new CustodySettings(h.keyGrants(), h.lifecycle(), h.replication(), read));
    }

    private static void assertOutcome(CheckResult result, Outcome outcome, String actual) {
        assertThat(result.outcome()).as(result.toString()).isEqualTo(outcome);
        assertThat(result.actual()).isEqualTo(actual);
    }

    @Test
    void aHealthyAccountPassesEveryControl() {
        assertThat(CUSTODY.evaluate(healthy())).extracting(CheckResult::actual).containsExactly("no grants",
                "no lifecycle configuration: S3 expires nothing", "no replication configuration", "1 confirmed, 0 pending confirmation");
    }

    // --- key.grants ---

    @Test
    void aGrantThatLetsAnotherAccountDecryptFailsAndIsNamedWhole() {
        GrantListEntry decrypt = GrantListEntry.builder().keyId(KEY).grantId("g-1").name("reader")
                .granteePrincipal("arn:aws:iam::999999999999:role/reader").operationsWithStrings("Decrypt", "DescribeKey")
                .constraints(c -> c.encryptionContextSubset(Map.of("aws:cloudtrail:arn", "x")))
                .retiringPrincipal("arn:aws:iam::999999999999:root").issuingAccount("arn:aws:iam::" + AUDIT + ":root").build();

        CheckResult result = grants(decrypt);

        assertOutcome(result, Outcome.FAIL, "1 of 1 grants let a principal use the key: grant g-1 'reader' to"
                + " arn:aws:iam::999999999999:role/reader for Decrypt, DescribeKey, only with encryption context including"
                + " {aws:cloudtrail:arn=x}, retiring principal arn:aws:iam::999999999999:root, issued by arn:aws:iam::" + AUDIT + ":root");
        assertThat(result.severity()).isEqualTo(Severity.HIGH);
    }

    /** Encrypting forged logs, handing the key on, or a service grantee: all uses; an operation this SDK does not know too. */
    @Test
    void everyOperationButDescribingAndRetiringIsAUse() {
        for (String operation : List.of("Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom",
                "ReEncryptTo", "CreateGrant", "Sign", "SomeFutureOperation")) {
            CheckResult result = grants(GrantListEntry.builder().grantId("g").granteeServicePrincipal("logs.amazonaws.com")
                    .operationsWithStrings(operation).build());
            assertThat(result.outcome()).as(operation).isEqualTo(Outcome.FAIL);
            assertThat(result.actual()).as(operation).contains("to logs.amazonaws.com for " + operation + ", no constraints, retiring principal none");
        }
    }

    @Test
    void grantsThatOnlyDescribeOrRetirePassNamed() {
        assertOutcome(grants(GrantListEntry.builder().grantId("g-2").granteePrincipal("arn:aws:iam::" + AUDIT + ":role/ops")
                        .operationsWithStrings("DescribeKey", "RetireGrant").build()), Outcome.PASS,
                "1 grants, none for a use of the key: grant g-2 to arn:aws:iam::" + AUDIT + ":role/ops for DescribeKey, RetireGrant,"
                        + " no constraints, retiring principal none");
    }

    /** What the audited account writes cannot flood the report or break its lines. */
    @Test
    void manyGrantsAreCountedAndNamesStayOnOneLine() {
        GrantListEntry[] many = new GrantListEntry[25];
        for (int i = 0; i < many.length; i++) {
            many[i] = GrantListEntry.builder().grantId("g" + i).name(i == 0 ? "line\nbreak" : null).granteePrincipal("p")
                    .operationsWithStrings("Decrypt").build();
        }

        String actual = grants(many).actual();

        assertThat(actual).startsWith("25 of 25 grants let a principal use the key: grant g0 'line?break' to p for Decrypt")
                .endsWith("grant g19 to p for Decrypt, no constraints, retiring principal none; and 5 more").doesNotContain("\n");
    }

    @Test
    void grantsThatCannotBeListedAreUnreachable() {
        CustodySettings h = healthy();
        assertOutcome(result(Check.KEY_GRANTS, new CustodySettings(Observation.failed(DENIED), h.lifecycle(), h.replication(),
                h.reportTopic())), Outcome.UNREACHABLE, DENIED);
    }

    // --- bucket.lifecycle ---

    private static LifecycleRule.Builder rule(String id) {
        return LifecycleRule.builder().id(id).status("Enabled");
    }

    @Test
    void aThirtyDayExpirationOnAwsLogsFails() {
        CheckResult result = lifecycle(rule("cleanup").filter(f -> f.prefix("org/AWSLogs/")).expiration(e -> e.days(30)).build());

        assertOutcome(result, Outcome.FAIL, "rule 'cleanup' (keys under 'org/AWSLogs/') expires log files 30 days after they are"
                + " written, within the 365 days log files must be kept");
        assertThat(result.expected()).isEqualTo("no enabled rule expires log files under org/AWSLogs/ within 365 days (LOG_RETENTION_DAYS)");
    }

    /** An empty filter, no filter, the old top-level Prefix, a prefix over or under the log folder, a size range: all reach log files. */
    @Test
    void everyFilterThatCanSelectLogFilesCounts() {
        List<LifecycleRule> reaching = List.of(
                rule("all").filter(f -> f.prefix("")).expiration(e -> e.days(90)).build(),
                rule("no-filter").expiration(e -> e.days(90)).build(),
                rule("legacy").prefix("org/").expiration(e -> e.days(90)).build(),
                rule("one-member").filter(f -> f.prefix("org/AWSLogs/222222222222/")).expiration(e -> e.days(90)).build(),
                rule("partial").filter(f -> f.prefix("or")).expiration(e -> e.days(90)).build(),
                rule("big-files").filter(f -> f.objectSizeGreaterThan(1024L)).expiration(e -> e.days(90)).build(),
                rule("and").filter(f -> f.and(a -> a.prefix("org/AWSLogs/").objectSizeLessThan(10_000_000L)))
                        .expiration(e -> e.days(90)).build());
        for (LifecycleRule rule : reaching) {
            assertThat(lifecycle(rule).outcome()).as(rule.id()).isEqualTo(Outcome.FAIL);
        }
    }

    @Test
    void rulesThatCannotSelectLogFilesOrKeepThemLongEnoughPass() {
        CheckResult result = lifecycle(
                rule("elsewhere").filter(f -> f.prefix("reports/")).expiration(e -> e.days(7)).build(),
                rule("tagged").filter(f -> f.tag(t -> t.key("temp").value("yes"))).expiration(e -> e.days(7)).build(),
                rule("tagged-and").filter(f -> f.and(a -> a.prefix("org/AWSLogs/").tags(t -> t.key("temp").value("yes"))))
                        .expiration(e -> e.days(7)).build(),
                rule("empty-range").filter(f -> f.and(a -> a.objectSizeGreaterThan(100L).objectSizeLessThan(101L)))
                        .expiration(e -> e.days(7)).build(),
                rule("off").status("Disabled").expiration(e -> e.days(1)).build(),
                rule("seven-years").expiration(e -> e.days(2555)).noncurrentVersionExpiration(n -> n.noncurrentDays(365)).build(),
                rule("markers").expiration(e -> e.expiredObjectDeleteMarker(true)).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1))
                        .build());

        assertOutcome(result, Outcome.PASS, "rule 'elsewhere' selects no log file (its prefix 'reports/' is outside org/AWSLogs/);"
                + " rule 'tagged' selects no log file (it selects tagged objects only, and CloudTrail tags no log file);"
                + " rule 'tagged-and' selects no log file (it selects tagged objects only, and CloudTrail tags no log file);"
                + " rule 'empty-range' selects no log file (its size range (over 100, under 101 bytes) holds no object);"
                + " rule 'off' is disabled; rule 'seven-years' keeps log files 365 days or longer;"
                + " rule 'markers' keeps log files 365 days or longer");
    }

    @Test
    void aDateAnEarlyNoncurrentExpirationAndAnUnknownStatusFail() {
        assertThat(lifecycle(rule("date").expiration(e -> e.date(Instant.parse("2027-01-01T00:00:00Z"))).build()).actual())
                .contains("expires every log file on 2027-01-01T00:00:00Z, whatever its age");
        assertThat(lifecycle(rule("old-versions").noncurrentVersionExpiration(n -> n.noncurrentDays(30).newerNoncurrentVersions(2))
                .build()).actual()).contains("deletes overwritten or deleted log files 30 days after (beyond the newest 2 versions)");
        assertThat(lifecycle(rule("odd").status("Paused").expiration(e -> e.days(1)).build()).outcome())
                .as("only Disabled turns a rule off").isEqualTo(Outcome.FAIL);
    }

    @Test
    void noLifecycleConfigurationPassesAndAFailedReadIsUnreachable() {
        assertOutcome(lifecycle(Observation.of(Optional.empty())), Outcome.PASS, "no lifecycle configuration: S3 expires nothing");
        assertOutcome(lifecycle(Observation.failed(DENIED)), Outcome.UNREACHABLE, DENIED);
    }

    @Test
    void withoutALogPrefixTheLogFolderIsAwsLogsAtTheRoot() {
        LogCustody noPrefix = new LogCustody(new CentralTarget("aws", "b", LogPrefix.NONE, KEY, AUDIT, Instant.EPOCH), 400);
        CustodySettings h = healthy();
        List<CheckResult> results = noPrefix.evaluate(new CustodySettings(h.keyGrants(), Observation.of(Optional.of(List.of(
                rule("org-only").filter(f -> f.prefix("org/")).expiration(e -> e.days(30)).build(),
                rule("a-year").filter(f -> f.prefix("AWSLogs/")).expiration(e -> e.days(365)).build()))), h.replication(), h.reportTopic()));

        assertThat(results.get(1).outcome()).isEqualTo(Outcome.FAIL);
        assertThat(results.get(1).actual()).isEqualTo("rule 'a-year' (keys under 'AWSLogs/') expires log files 365 days after they"
                + " are written, within the 400 days log files must be kept");
    }

    // --- bucket.replication ---

    private static ReplicationRule.Builder replicate(String id, String account) {
        return ReplicationRule.builder().id(id).status("Enabled").priority(1).filter(f -> f.prefix(""))
                .destination(d -> d.bucket("arn:aws:s3:::copy-of-logs").account(account));
    }

    @Test
    void replicationToAnotherAccountFailsHigh() {
        CheckResult result = replication(replicate("to-partner", "999999999999").build());

        assertOutcome(result, Outcome.FAIL, "rule 'to-partner' replicates log files to arn:aws:s3:::copy-of-logs in account 999999999999");
        assertThat(result.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void aDestinationWhoseOwnerIsNotStatedFailsMedium() {
        CheckResult result = replication(replicate("unstated", null).build());

        assertOutcome(result, Outcome.FAIL, "rule 'unstated' replicates log files to arn:aws:s3:::copy-of-logs, whose owner the rule"
                + " does not state (no Destination.Account)");
        assertThat(result.severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void sameAccountDisabledAndNonLogRulesPass() {
        assertOutcome(replication(replicate("backup", AUDIT).build(),
                        replicate("off", "999999999999").status("Disabled").build(),
                        replicate("reports", "999999999999").filter(f -> f.prefix("reports/")).build(),
                        replicate("tagged", "999999999999").filter(f -> f.tag(t -> t.key("share").value("yes"))).build()),
                Outcome.PASS, "rule 'backup' replicates to arn:aws:s3:::copy-of-logs in the audit account;"
                        + " rule 'off' replicates no log file (it is disabled);"
                        + " rule 'reports' replicates no log file (its prefix 'reports/' is outside org/AWSLogs/);"
                        + " rule 'tagged' replicates no log file (it selects tagged objects only, and CloudTrail tags no log file)");
    }

    @Test
    void noReplicationPassesAndAFailedReadIsUnreachable() {
        assertOutcome(replication(Observation.of(Optional.empty())), Outcome.PASS, "no replication configuration");
        assertOutcome(replication(Observation.failed(DENIED)), Outcome.UNREACHABLE, DENIED);
    }

    // --- report.subscribers ---

    @Test
    void aTopicNobodyConfirmedFailsAndShowsThePendingOnes() {
        CheckResult result = subscribers(Observation.of(Optional.of(topic("0", "1"))));

        assertOutcome(result, Outcome.FAIL, "no confirmed subscription (1 pending confirmation): nobody hears the report or an alarm");
        assertThat(result.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void aMissingOrUnreadableCountIsUnreachableNeverPass() {
        assertOutcome(subscribers(Observation.of(Optional.of(topic(null, "0")))), Outcome.UNREACHABLE,
                "SNS GetTopicAttributes gave no readable SubscriptionsConfirmed (absent)");
        assertOutcome(subscribers(Observation.of(Optional.of(topic("many", "0")))), Outcome.UNREACHABLE,
                "SNS GetTopicAttributes gave no readable SubscriptionsConfirmed ('many')");
        assertOutcome(subscribers(Observation.of(Optional.of(topic("-1", "0")))), Outcome.UNREACHABLE,
                "SNS GetTopicAttributes gave no readable SubscriptionsConfirmed ('-1')");
        assertOutcome(subscribers(Observation.of(Optional.of(topic("2", null)))), Outcome.UNREACHABLE,
                "SNS GetTopicAttributes gave no readable SubscriptionsPending (absent)");
        assertOutcome(subscribers(Observation.failed(DENIED)), Outcome.UNREACHABLE, DENIED);
    }

    @Test
    void aRunWithoutATopicHasNoSubscribersToJudge() {
        CustodySettings h = healthy();
        assertThat(CUSTODY.evaluate(new CustodySettings(h.keyGrants(), h.lifecycle(), h.replication(), Observation.of(Optional.empty()))))
                .extracting(CheckResult::check).containsExactly(Check.KEY_GRANTS, Check.BUCKET_LIFECYCLE, Check.BUCKET_REPLICATION);
    }

    @Test
    void everyCustodyControlOnlyReadsAndNeverRepairs() {
        assertThat(LogCustody.CONTROLS).allSatisfy(c -> {
            assertThat(c.scope()).isEqualTo(Check.Scope.CENTRAL);
            assertThat(c.fixPermissions()).as(c.id()).isEmpty();
            assertThat(CentralHardening.covers(c)).as("reported with the hardening controls").isTrue();
        });
    }
}
