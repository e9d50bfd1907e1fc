package dev.trailauditor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.LogPrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class ConfigLoaderTest {
    /** Records every SSM read, so a test can prove a bad config made no AWS call at all. */
    private final List<String> ssmReads = new ArrayList<>();
    private final Map<String, String> ssm = new HashMap<>();
    private final ConfigLoader.ParameterReader reader = name -> {
        ssmReads.add(name);
        return Optional.ofNullable(ssm.get(name));
    };

    /** A valid environment (other packages' tests build their configuration from it). */
    public static Map<String, String> validEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("CENTRAL_BUCKET", "central-trail-logs");
        env.put("LOG_PREFIX", "org/trails");
        env.put("CENTRAL_KEY_ARN", "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        env.put("AUDIT_ACCOUNT_ID", "111111111111");
        env.put("DEFAULT_TRAIL_NAME", "org-trail");
        env.put("DEFAULT_HOME_REGION", "eu-west-1");
        env.put("REPORT_TOPIC_ARN", "arn:aws:sns:eu-west-1:111111111111:trail-audit");
        env.put("MEMBER_REGISTRY", """
                [{"accountId": "222222222222", "name": "prod"},
                 {"accountId": "333333333333", "trailName": "legacy", "homeRegion": "us-east-1", "roleName": "Auditor",
                  "createTrail": true}]""");
        return env;
    }

    private AuditConfig load(Map<String, String> env) {
        return ConfigLoader.load(env, reader);
    }

    private void assertRejected(Map<String, String> env, String... messageParts) {
        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).contains(messageParts)));
        assertThat(ssmReads).as("no AWS call for a bad config").isEmpty();
    }

    @Test
    void theEventBusIsOptionalAndMustBeTheAuditAccountsInTheCentralRegion() {
        assertThat(load(validEnv()).eventBusArn()).as("unset: no event path").isEmpty();
        Map<String, String> env = validEnv();
        env.put("TRAIL_EVENT_BUS_ARN", "");
        assertThat(load(env).eventBusArn()).as("empty, as the template passes it without the event path").isEmpty();
        env.put("TRAIL_EVENT_BUS_ARN", "arn:aws:events:eu-west-1:111111111111:event-bus/trail-auditor-trail-events");
        assertThat(load(env).eventBusArn()).hasValueSatisfying(arn -> assertThat(arn.resourceName()).isEqualTo("trail-auditor-trail-events"));
        assertThat(load(env).centralTarget(java.time.Instant.EPOCH).eventBusArn()).isEqualTo(env.get("TRAIL_EVENT_BUS_ARN"));

        env.put("TRAIL_EVENT_BUS_ARN", "trail-auditor-trail-events");
        assertRejected(env, "TRAIL_EVENT_BUS_ARN='trail-auditor-trail-events' must be an event bus ARN like");
        env.put("TRAIL_EVENT_BUS_ARN", "arn:aws:events:eu-west-1:222222222222:event-bus/trail-auditor-trail-events");
        assertRejected(env, "TRAIL_EVENT_BUS_ARN=", "belongs to account 222222222222, not the audit account 111111111111");
        env.put("TRAIL_EVENT_BUS_ARN", "arn:aws:events:us-east-1:111111111111:event-bus/trail-auditor-trail-events");
        assertRejected(env, "is in us-east-1, not the central region eu-west-1");
    }

    @Test
    void theAccountsATighteningMayCutOffAreAListOfAccountIds() {
        assertThat(load(validEnv()).repairs().tightenAllowedAccounts()).as("unset: none").isEmpty();
        Map<String, String> env = validEnv();
        env.put("TIGHTEN_ALLOWED_ACCOUNTS", "");
        assertThat(load(env).repairs().tightenAllowedAccounts()).as("empty, the template's default").isEmpty();
        env.put("TIGHTEN_ALLOWED_ACCOUNTS", "666666666666, 555555555555,666666666666");
        assertThat(load(env).repairs().tightenAllowedAccounts()).containsExactly("555555555555", "666666666666");

        env.put("TIGHTEN_ALLOWED_ACCOUNTS", "555555555555,team-b,");
        assertRejected(env, "TIGHTEN_ALLOWED_ACCOUNTS='555555555555,team-b,' must be a comma-separated list of 12-digit"
                + " account ids; not one: 'team-b', ''");
    }

    @Test
    void validConfigAppliesDefaultsAndOverrides() {
        AuditConfig config = load(validEnv());

        assertThat(config.centralBucket()).isEqualTo("central-trail-logs");
        assertThat(config.logPrefix()).isEqualTo(LogPrefix.of("org/trails"));
        assertThat(config.partition()).isEqualTo("aws");
        assertThat(config.centralRegion()).isEqualTo("eu-west-1");
        assertThat(config.memberRoleName()).isEqualTo("TrailAuditorMemberRole");
        assertThat(config.externalId()).isEmpty();
        assertThat(config.deliveryMaxAge()).isEqualTo(Duration.ofHours(24));
        assertThat(config.parallelism()).isEqualTo(8);
        assertThat(config.repairs()).as("unset means report only").isEqualTo(Repairs.REPORT_ONLY);
        assertThat(config.members()).containsExactly(
                Member.of("aws", "222222222222", Optional.of("prod"), "org-trail", "eu-west-1", "TrailAuditorMemberRole", false),
                Member.of("aws", "333333333333", Optional.empty(), "legacy", "us-east-1", "Auditor", true));
        assertThat(config.members().get(0).trailArn().toString())
                .isEqualTo("arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail");
        assertThat(ssmReads).isEmpty();
    }

    @Test
    void theEventPathDefaultsToAFiveMinuteIntervalAndNoQueueAndTakesTheQueueApart() {
        assertThat(load(validEnv()).eventPath()).isEqualTo(new EventPath(Duration.ofMinutes(5), java.util.Optional.empty()));

        Map<String, String> env = validEnv();
        env.put("RECHECK_INTERVAL_SECONDS", "120");
        env.put("FAILED_CALLS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/111111111111/trail-auditor-failed-calls");
        EventPath path = load(env).eventPath();

        assertThat(path.recheckInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(path.failedCallsQueue()).contains(new EventPath.FailedCallsQueue(
                "https://sqs.eu-west-1.amazonaws.com/111111111111/trail-auditor-failed-calls", "eu-west-1", "111111111111"));
    }

    @Test
    void eachArnIsParsedOnceIntoTheTypedValuesTheRunUses() {
        AuditConfig config = load(validEnv());

        assertThat(config.keyArn()).isEqualTo(new Arn("aws", "kms", "eu-west-1", "111111111111",
                "key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertThat(config.reportTopicArn()).contains(new Arn("aws", "sns", "eu-west-1", "111111111111", "trail-audit"));
        assertThat(config.members().get(1).trailArn()).isEqualTo(Arn.trail("aws", "us-east-1", "333333333333", "legacy"));
        assertThat(config.members().get(1).roleArn()).hasToString("arn:aws:iam::333333333333:role/Auditor");
        assertThat(config.centralTarget(java.time.Instant.EPOCH).bucketArn()).isEqualTo("arn:aws:s3:::central-trail-logs");
    }

    @Test
    void theMembersTrailsAreInTheCentralKeysPartition() {
        Map<String, String> env = validEnv();
        env.put("CENTRAL_KEY_ARN", "arn:aws-us-gov:kms:us-gov-west-1:111111111111:key/k");

        assertThat(load(env).members()).extracting(m -> m.trailArn().partition()).containsOnly("aws-us-gov");
    }

    @Test
    void aRegistryAlreadyParsedTakesTheVariablesPlaceAndItsProblemsAreNamedAsTheVariables() throws Exception {
        Map<String, String> env = validEnv();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var registry = json.readTree("[{\"accountId\": \"444444444444\", \"name\": \"sandbox\"}]");

        assertThat(ConfigLoader.load(env, Optional.of(registry), reader).members())
                .as("the tree wins over MEMBER_REGISTRY's text, as a settings file wins over the environment")
                .extracting(Member::label).containsExactly("sandbox (444444444444)");

        var bad = json.readTree("[{\"accountId\": \"4444\"}]");
        assertThatThrownBy(() -> ConfigLoader.load(env, Optional.of(bad), reader)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("MEMBER_REGISTRY entry 1: accountId '4444' must be 12 digits");

        env.put("MEMBER_REGISTRY_PARAMETER", "/x");
        assertThatThrownBy(() -> ConfigLoader.load(env, Optional.of(registry), reader)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("are both set");
        assertThat(ssmReads).isEmpty();
    }

    @Test
    void theReportTopicAloneIsValidatedAsLoadValidatesIt() {
        Map<String, String> env = new HashMap<>();
        assertThat(ConfigLoader.reportTopic(env)).as("unset").isEmpty();

        env.put("REPORT_TOPIC_ARN", " arn:aws:sns:eu-west-1:111111111111:trail-audit ");
        assertThat(ConfigLoader.reportTopic(env)).contains(Arn.of("arn:aws:sns:eu-west-1:111111111111:trail-audit"));

        env.put("REPORT_TOPIC_ARN", "arn:aws:sns:mars-north-1:111111111111:trail-audit");
        assertThat(ConfigLoader.reportTopic(env)).as("an unknown region").isEmpty();

        env.put("REPORT_TOPIC_ARN", "arn:aws:sqs:eu-west-1:111111111111:q");
        assertThat(ConfigLoader.reportTopic(env)).as("not a topic").isEmpty();
    }

    @Test
    void modesAreReadCaseInsensitively() {
        Map<String, String> env = validEnv();
        env.put("CENTRAL_POLICY_MODE", "Repair");
        env.put("REMOVE_STALE_GRANTS", "TRUE");
        env.put("TRAIL_MODE", "audit");
        env.put("CREATE_MISSING_TRAILS", "false");
        assertThat(load(env).repairs()).isEqualTo(new Repairs(Mode.REPAIR, Mode.AUDIT, true, false));
    }

    @Test
    void noPrefixIsEmpty() {
        Map<String, String> env = validEnv();
        env.remove("LOG_PREFIX");
        assertThat(load(env).logPrefix()).isEqualTo(LogPrefix.NONE);
    }

    @Test
    void registryFromSsmIsReadOnlyAfterTheRestIsValid() {
        Map<String, String> env = validEnv();
        env.remove("MEMBER_REGISTRY");
        env.put("MEMBER_REGISTRY_PARAMETER", "/trail-auditor/members");
        ssm.put("/trail-auditor/members", "[{\"accountId\": \"444444444444\"}]");

        AuditConfig config = load(env);

        assertThat(config.members()).extracting(Member::accountId).containsExactly("444444444444");
        assertThat(ssmReads).containsExactly("/trail-auditor/members");
    }

    @Test
    void missingSsmParameterIsNamed() {
        Map<String, String> env = validEnv();
        env.remove("MEMBER_REGISTRY");
        env.put("MEMBER_REGISTRY_PARAMETER", "/trail-auditor/missing");

        assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("MEMBER_REGISTRY_PARAMETER='/trail-auditor/missing' names an SSM parameter that does not exist");
    }

    @Test
    void badSettingsStopBeforeTheSsmRead() {
        Map<String, String> env = validEnv();
        env.remove("MEMBER_REGISTRY");
        env.put("MEMBER_REGISTRY_PARAMETER", "/trail-auditor/members");
        env.put("AUDIT_ACCOUNT_ID", "12345");
        assertRejected(env, "AUDIT_ACCOUNT_ID='12345' must be 12 digits");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "AUDIT_ACCOUNT_ID     | 11111111111a   | must be 12 digits",
        "CENTRAL_BUCKET       | Central_Bucket | must be a valid S3 bucket name",
        "LOG_PREFIX           | /org           | must not start or end with '/'",
        "LOG_PREFIX           | org/           | must not start or end with '/'",
        "LOG_PREFIX           | org/AWSLogs    | must not contain 'AWSLogs'",
        "CENTRAL_KEY_ARN      | arn:aws:kms:eu-west-1:111111111111:alias/trail | a key ARN, not an alias",
        "CENTRAL_KEY_ARN      | 1234abcd-12ab  | must be a KMS key ARN",
        "CENTRAL_KEY_ARN      | arn:aws:kms:mars-north-1:111111111111:key/abc | unknown region 'mars-north-1'",
        "CENTRAL_KEY_ARN      | arn:aws:kms:eu-west-1:999999999999:key/abc | belongs to account 999999999999, not the audit account",
        "DEFAULT_HOME_REGION  | eu-west-9      | unknown region 'eu-west-9'",
        "DEFAULT_TRAIL_NAME   | my trail       | must be a valid trail name",
        "MEMBER_ROLE_NAME     | bad/role       | must be a valid IAM role name",
        "MEMBER_ROLE_NAME_PATTERN | arn:aws:iam::*:role/x | must be an IAM role name that may hold the wildcards * and ?",
        "MEMBER_EXTERNAL_ID   | x              | ExternalId",
        "AWS_ENDPOINT_URL     | localhost:4566 | must be an http:// or https:// URL",
        "REPORT_TOPIC_ARN     | arn:aws:sqs:eu-west-1:111111111111:q | must be an SNS topic ARN",
        "DELIVERY_MAX_AGE_HOURS | 0            | must be a whole number from 1 to 8760",
        "PARALLELISM          | many           | must be a whole number from 1 to 64",
        "RECHECK_INTERVAL_SECONDS | 5          | must be a whole number from 60 to 600",
        "RECHECK_INTERVAL_SECONDS | 3600       | must be a whole number from 60 to 600",
        "FAILED_CALLS_QUEUE_URL | arn:aws:sqs:eu-west-1:111111111111:q | must be an SQS queue URL",
        "FAILED_CALLS_QUEUE_URL | https://sqs.eu-west-1.amazonaws.com/999999999999/q | belongs to account 999999999999, not the audit account",
        "FAILED_CALLS_QUEUE_URL | https://sqs.mars-north-1.amazonaws.com/111111111111/q | unknown region 'mars-north-1'",
        "MEMBER_REGISTRY      | [{\"accountId\": \"2222\"}] | entry 1: accountId '2222' must be 12 digits",
        "MEMBER_REGISTRY      | []             | lists no members",
        "MEMBER_REGISTRY      | {\"accountId\": \"222222222222\"} | must be a JSON array of members",
        "MEMBER_REGISTRY      | [{\"accountId\": true}] | \"accountId\" must be a non-empty string",
        "MEMBER_REGISTRY      | [{\"accountId\": \"222222222222\", \"homeRegion\": \"eu-west-9\"}] | entry 1: homeRegion 'eu-west-9' is an unknown region",
        "MEMBER_REGISTRY      | [{\"accountId\": \"222222222222\", \"trail\": \"x\"}] | entry 1: unknown field \"trail\"",
        "MEMBER_REGISTRY      | [{\"name\": \"prod\"}] | entry 1: \"accountId\" is missing",
        "CENTRAL_POLICY_MODE  | fix            | must be 'audit' (report only) or 'repair'",
        "REMOVE_STALE_GRANTS  | yes            | must be 'true' or 'false'",
        "TRAIL_MODE           | fix            | must be 'audit' (report only) or 'repair'",
        "CREATE_MISSING_TRAILS | 1             | must be 'true' or 'false'",
        "MEMBER_REGISTRY      | [{\"accountId\": \"222222222222\", \"createTrail\": \"yes\"}] | entry 1: \"createTrail\" must be true or false",
    })
    void badValueIsNamed(String variable, String value, String message) {
        Map<String, String> env = validEnv();
        env.put(variable, value);
        assertRejected(env, variable, message);
    }

    @Test
    void anAccountIdWrittenAsANumberIsOneProblemSayingToQuoteIt() {
        Map<String, String> env = validEnv();
        env.put("MEMBER_REGISTRY", "[{\"accountId\": 222222222222}, {\"accountId\": false}]");

        assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "MEMBER_REGISTRY entry 1: accountId 222222222222 is a number: quote it (\"222222222222\"),"
                                + " account ids keep their leading zeros",
                        "MEMBER_REGISTRY entry 2: \"accountId\" must be a non-empty string, not false"));
    }

    @Test
    void unparsableRegistrySaysWhereWithoutParserInternals() {
        Map<String, String> env = validEnv();
        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"222222222222\"]");

        assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "MEMBER_REGISTRY is not valid JSON: Unexpected close marker ']': expected '}' (line 1, column 30)"));
    }

    @Test
    void unparsableRegistrySaysWhere() {
        Map<String, String> env = validEnv();
        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"222222222222\",}]");
        assertRejected(env, "MEMBER_REGISTRY is not valid JSON", "line 1, column");
    }

    @Test
    void duplicateAccountIsRejected() {
        Map<String, String> env = validEnv();
        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"222222222222\"}, {\"accountId\": \"222222222222\", \"name\": \"again\"}]");
        assertRejected(env, "MEMBER_REGISTRY entry 2: account 222222222222 is listed more than once");
    }

    @Test
    void auditAccountMayBeAMemberButNotWithItsOwnRole() {
        Map<String, String> env = validEnv();
        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"111111111111\"}]");
        assertThat(load(env).members()).extracting(Member::accountId).containsExactly("111111111111");

        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"111111111111\", \"roleName\": \"Other\"}]");
        assertRejected(env, "account 111111111111 is the audit account", "remove \"roleName\"");
    }

    /** The function's role may read and repair only AUDIT_ACCOUNT_TRAIL_NAME in the audit account (template.yaml OwnTrail). */
    @Test
    void theAuditAccountsEntryTakesItsOwnTrailNameAndMayNameNoOther() {
        Map<String, String> env = validEnv(); // DEFAULT_TRAIL_NAME org-trail
        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"111111111111\"}, {\"accountId\": \"222222222222\"}]");
        assertThat(load(env).members()).extracting(Member::trailName).as("unset: the default name").containsExactly("org-trail", "org-trail");
        env.put("AUDIT_ACCOUNT_TRAIL_NAME", "");
        assertThat(load(env).members()).extracting(Member::trailName).as("empty, the template's default").containsExactly("org-trail", "org-trail");

        env.put("AUDIT_ACCOUNT_TRAIL_NAME", "audit-trail");
        assertThat(load(env).members()).extracting(Member::trailName).as("the audit account's entry takes its own, the others the default")
                .containsExactly("audit-trail", "org-trail");
        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"111111111111\", \"trailName\": \"audit-trail\"}]");
        assertThat(load(env).members()).extracting(Member::trailName).containsExactly("audit-trail");

        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"222222222222\"}, {\"accountId\": \"111111111111\", \"trailName\": \"other\"}]");
        assertRejected(env, "MEMBER_REGISTRY entry 2: account 111111111111 is the audit account, whose trail the function's role"
                + " may read and repair only by the name AUDIT_ACCOUNT_TRAIL_NAME gives, 'audit-trail', not 'other'"
                + " (deploy with AuditAccountTrailName=other, or drop \"trailName\")");
        env.remove("AUDIT_ACCOUNT_TRAIL_NAME");
        assertRejected(env, "is the audit account", "only by the name AUDIT_ACCOUNT_TRAIL_NAME gives, 'org-trail', not 'other'");
        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"222222222222\", \"trailName\": \"other\"}]");
        assertThat(load(env).members()).extracting(Member::trailName).as("a member names its own").containsExactly("other");

        env.put("AUDIT_ACCOUNT_TRAIL_NAME", "audit..trail");
        assertRejected(env, "AUDIT_ACCOUNT_TRAIL_NAME='audit..trail' must be a valid trail name");
    }

    @Test
    void aRegistryRoleNameTheFunctionMayNotAssumeIsRejectedNamingTheEntryAndThePattern() {
        Map<String, String> env = validEnv(); // entry 2 names the role "Auditor"
        env.put("MEMBER_ROLE_NAME_PATTERN", "TrailAuditorMemberRole"); // the template's default: MemberRoleName alone
        assertRejected(env, "MEMBER_REGISTRY entry 2: roleName 'Auditor' is not matched by MEMBER_ROLE_NAME_PATTERN"
                + " 'TrailAuditorMemberRole', so the function may not assume it");

        env.put("MEMBER_ROLE_NAME_PATTERN", "TrailAuditor*");
        assertRejected(env, "entry 2: roleName 'Auditor' is not matched by MEMBER_ROLE_NAME_PATTERN 'TrailAuditor*'");
        env.put("MEMBER_ROLE_NAME_PATTERN", "trailauditor*");
        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"333333333333\", \"roleName\": \"TrailAuditorLegacy\"}]");
        assertRejected(env, "is not matched by MEMBER_ROLE_NAME_PATTERN 'trailauditor*'"); // IAM compares ARNs case-sensitively

        env.put("MEMBER_ROLE_NAME_PATTERN", "TrailAuditor*");
        assertThat(load(env).members()).extracting(Member::roleName).containsExactly("TrailAuditorLegacy");
        env.put("MEMBER_ROLE_NAME", "TrailAuditorLegacy");
        env.put("MEMBER_ROLE_NAME_PATTERN", "TrailAuditor?egacy");
        assertThat(load(env).members()).extracting(Member::roleName).containsExactly("TrailAuditorLegacy");
    }

    @Test
    void theDefaultRoleNameMustBeAssumableToo() {
        Map<String, String> env = validEnv();
        env.put("MEMBER_ROLE_NAME", "AuditRole");
        env.put("MEMBER_ROLE_NAME_PATTERN", "TrailAuditor*");
        assertRejected(env, "MEMBER_ROLE_NAME='AuditRole' is not matched by MEMBER_ROLE_NAME_PATTERN 'TrailAuditor*'");
    }

    @ParameterizedTest
    @CsvSource({"CENTRAL_BUCKET", "CENTRAL_KEY_ARN", "AUDIT_ACCOUNT_ID", "DEFAULT_TRAIL_NAME", "DEFAULT_HOME_REGION"})
    void requiredVariableIsNamed(String variable) {
        Map<String, String> env = validEnv();
        env.remove(variable);
        assertRejected(env, variable + " is not set");
    }

    @Test
    void registryMustComeFromExactlyOnePlace() {
        Map<String, String> env = validEnv();
        env.remove("MEMBER_REGISTRY");
        assertRejected(env, "MEMBER_REGISTRY or MEMBER_REGISTRY_PARAMETER must be set");

        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"222222222222\"}]");
        env.put("MEMBER_REGISTRY_PARAMETER", "/x");
        assertRejected(env, "are both set");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> env = validEnv();
        env.put("AUDIT_ACCOUNT_ID", "1");
        env.put("PARALLELISM", "0");
        env.remove("CENTRAL_BUCKET");

        assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3))
                .hasMessageContaining("AUDIT_ACCOUNT_ID").hasMessageContaining("PARALLELISM").hasMessageContaining("CENTRAL_BUCKET");
    }

    @Test
    void historyAndPublishSettingsAreReadAndCheckedBeforeAnyCall() {
        AuditConfig unset = load(validEnv());
        assertThat(unset.history()).as("no bucket, no history (a terminal run)").isEmpty();
        assertThat(unset.publishWhen()).isEqualTo(PublishWhen.ALWAYS);

        Map<String, String> env = validEnv();
        env.put("HISTORY_BUCKET", "trail-auditor-history");
        env.put("HISTORY_PREFIX", "audit/runs-of-prod");
        env.put("PUBLISH_WHEN", "On-Change");
        AuditConfig set = load(env);
        assertThat(set.history()).contains(new HistoryLocation("trail-auditor-history", "audit/runs-of-prod/"));
        assertThat(set.history().orElseThrow().runKey(Instant.parse("2026-11-29T03:00:00Z"), "r-1"))
                .isEqualTo("audit/runs-of-prod/runs/2026/11/29/r-1.json");
        assertThat(set.history().orElseThrow().latestKey()).isEqualTo("audit/runs-of-prod/latest.json");
        assertThat(set.publishWhen()).isEqualTo(PublishWhen.ON_CHANGE);

        env.put("PUBLISH_WHEN", "weekly");
        assertRejected(env, "PUBLISH_WHEN='weekly' must be 'always', 'on-findings' or 'on-change'");
        env.put("PUBLISH_WHEN", "on-change");
        env.put("HISTORY_PREFIX", "/audit/");
        assertRejected(env, "HISTORY_PREFIX='/audit/' must not start or end with '/'");
        env.put("HISTORY_BUCKET", "Not_A_Bucket");
        env.remove("HISTORY_PREFIX");
        assertRejected(env, "HISTORY_BUCKET='Not_A_Bucket' must be a valid S3 bucket name");
        env.remove("HISTORY_BUCKET");
        assertRejected(env, "PUBLISH_WHEN='on-change' needs HISTORY_BUCKET");
        env.put("PUBLISH_WHEN", "always");
        env.put("HISTORY_PREFIX", "audit");
        assertRejected(env, "HISTORY_PREFIX='audit' is set but HISTORY_BUCKET is not");
    }
    @Test
    void theHistoryMayNotGoIntoTheCentralBucket() {
        Map<String, String> env = validEnv();
        env.put("HISTORY_BUCKET", "central-trail-logs");
        env.put("HISTORY_PREFIX", "trail-auditor");
        assertRejected(env, "HISTORY_BUCKET='central-trail-logs' is the central bucket (CENTRAL_BUCKET)",
                "could overwrite the log files", "name a bucket of its own");
    }

    @Test
    void aNamedHistoryBucketNeedsAPrefixUnlessItIsTheOneTheStackCreated() {
        Map<String, String> env = validEnv();
        env.put("HISTORY_BUCKET", "audit-history");
        assertRejected(env, "HISTORY_PREFIX is not set, so the function would read and write the whole of"
                + " HISTORY_BUCKET='audit-history'", "like trail-auditor");
        env.put("HISTORY_BUCKET_DEDICATED", "false");
        assertRejected(env, "HISTORY_PREFIX is not set");

        env.put("HISTORY_BUCKET_DEDICATED", "true"); // what the template passes for the bucket it creates
        assertThat(load(env).history()).contains(new HistoryLocation("audit-history", ""));
        env.put("HISTORY_BUCKET_DEDICATED", "yes");
        assertRejected(env, "HISTORY_BUCKET_DEDICATED='yes' must be 'true' or 'false'");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {"LOG_PREFIX | org/*", "LOG_PREFIX | o?g", "LOG_PREFIX | *",
        "HISTORY_PREFIX | trail-*", "HISTORY_PREFIX | runs?/x"})
    void aPrefixWithAnIamWildcardIsRefused(String variable, String value) {
        Map<String, String> env = validEnv();
        env.put("HISTORY_BUCKET", "audit-history");
        env.put("HISTORY_PREFIX", "trail-auditor");
        env.put(variable, value);
        assertRejected(env, variable + "='" + value + "' must not contain '*' or '?'", "wildcards", "name the folder literally");
    }

    /** The registry may name any role the pattern matches: only a role name, or 8 literal characters first, is narrow. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"*", "**", "?*", "Trail*", "TrailAu?", "*MemberRole", "Tr*AuditorMemberRole"})
    void aRoleNamePatternThatIsTooWideIsRefused(String pattern) {
        Map<String, String> env = validEnv();
        env.put("MEMBER_ROLE_NAME_PATTERN", pattern);
        assertRejected(env, "MEMBER_ROLE_NAME_PATTERN='" + pattern + "' is too wide", "administrator role",
                "first 8 or more characters hold no wildcard", "like TrailAuditor*");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TrailAud*", "TrailAuditor*", "TrailAuditor?emberRole", "TrailAuditorMemberRole"})
    void aNarrowRoleNamePatternIsTaken(String pattern) {
        Map<String, String> env = validEnv();
        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"222222222222\"}]");
        env.put("MEMBER_ROLE_NAME_PATTERN", pattern);
        assertThat(load(env).members()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"s3cr3t!value", "Q", "secret value with spaces", "ab#cd"})
    void anInvalidExternalIdIsNamedButNeverShown(String externalId) {
        Map<String, String> env = validEnv();
        env.put("MEMBER_EXTERNAL_ID", externalId);
        assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
                        .startsWith("MEMBER_EXTERNAL_ID (not shown: it is a secret) must be 2 to 1224")
                        .doesNotContain(externalId))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(externalId));
        env.put("MEMBER_EXTERNAL_ID", "valid-External_Id/2026");
        assertThat(load(env).externalId()).contains("valid-External_Id/2026");
    }
}
