package dev.trailauditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trailauditor.check.CentralHardening;
import dev.trailauditor.check.Check;
import dev.trailauditor.check.LogCustody;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.repair.CentralRepairer;
import dev.trailauditor.repair.TrailRepairer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import dev.trailauditor.config.ConfigException;
import dev.trailauditor.config.ConfigLoaderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real templates, read as data: they grant what the checks need and nothing more. */
class TemplateTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** What the stream's event source mapping reads with the function's role (the event path only). */
    private static final List<String> EVENT_STREAM_ACTIONS = List.of("kinesis:DescribeStream",
            "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards");
    /**
     * What publishing to the encrypted report topic takes on its key, beyond sns:Publish: SNS calls KMS with the
     * publisher's permissions, for the report and for Lambda's on-failure record alike.
     */
    private static final List<String> REPORT_KEY_ACTIONS = List.of("kms:Decrypt", "kms:GenerateDataKey");
    /** The CloudTrail calls that change a trail, as member-role.yaml forwards and template.yaml takes them. */
    private static final List<String> TRAIL_CHANGES = List.of("StopLogging", "DeleteTrail", "UpdateTrail",
            "PutEventSelectors", "PutInsightSelectors", "CreateTrail");
    /** The metric contract the run's EMF line keeps (namespace TrailAuditor, dimension FunctionName). */
    private static final List<String> RUN_METRICS = List.of("RunFailed", "RunCompleted", "AccountsAudited",
            "AccountsCompliant", "AccountsDrifted", "AccountsUnreachable", "AccountsRepaired", "CentralPoliciesCompliant",
            "ChecksFailed", "ChecksUnreachable", "RunDuration");

    private static JsonNode read(String file) throws IOException {
        return YAML.readTree(Path.of(file).toFile());
    }

    /** Statements by Sid; a statement under !If [condition, statement, NoValue] counts as its statement. */
    private static Map<String, JsonNode> statements(JsonNode policyDocument) {
        Map<String, JsonNode> bySid = new HashMap<>();
        for (JsonNode statement : policyDocument.get("Statement")) {
            JsonNode real = statement.isArray() ? statement.get(1) : statement;
            bySid.put(real.get("Sid").asText(), real);
        }
        return bySid;
    }

    /** The condition a statement is granted under (!If), or null when it is always granted. */
    private static String condition(JsonNode policyDocument, String sid) {
        for (JsonNode statement : policyDocument.get("Statement")) {
            if (statement.isArray() && statement.get(1).get("Sid").asText().equals(sid)) {
                return statement.get(0).asText();
            }
        }
        return null;
    }

    private static List<String> actions(JsonNode statement) {
        JsonNode action = statement.get("Action");
        List<String> actions = new ArrayList<>();
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }

    private static TreeSet<String> allActions(Map<String, JsonNode> statements) {
        TreeSet<String> all = new TreeSet<>();
        statements.values().forEach(s -> all.addAll(actions(s)));
        return all;
    }

    @Test
    void functionRoleGrantsExactlyWhatTheChecksAndTheRunNeed() throws IOException {
        JsonNode function = read("template.yaml").at("/Resources/AuditFunction/Properties");
        Map<String, JsonNode> statements = statements(function.get("Policies").get(0));

        TreeSet<String> expected = new TreeSet<>(Check.permissions(Check.Scope.CENTRAL));
        // The audit account's own trail is read with the function's role.
        expected.addAll(Check.permissions(Check.Scope.MEMBER));
        expected.addAll(Auditor.RUN_PERMISSIONS);
        expected.addAll(CentralRepairer.PERMISSIONS);
        expected.addAll(TrailRepairer.PERMISSIONS);
        expected.addAll(EVENT_STREAM_ACTIONS);
        expected.addAll(REPORT_KEY_ACTIONS);
        // The stream's mapping sends a failed batch's record to the dead-letter queue with the function's role.
        expected.add("sqs:SendMessage");
        assertThat(allActions(statements)).isEqualTo(expected);

        statements.values().forEach(s -> {
            assertThat(s.get("Effect").asText()).isEqualTo("Allow");
            assertThat(actions(s)).allSatisfy(a -> assertThat(a).doesNotContain("*"));
        });
        assertThat(statements.values()).filteredOn(s -> s.get("Resource").asText().equals("*"))
                .as("only ListTrails, which has no resource-level permission, is on every resource")
                .extracting(TemplateTest::actions).containsExactly(List.of("cloudtrail:ListTrails"));
        assertThat(statements.get("AssumeMemberRoles").at("/Resource/0").asText()).endsWith(":iam::*:role/${RoleNames}");
        assertThat(statements.get("ReadCentralBucketPolicy").get("Resource").asText()).endsWith(":s3:::${CentralBucket}");
        assertThat(statements.get("ReadCentralKey").get("Resource").asText()).isEqualTo("CentralKeyArn");
        // The hardening and custody reads: exactly their controls' S3 actions, on the central bucket alone.
        List<String> hardeningS3 = java.util.stream.Stream.concat(CentralHardening.CONTROLS.stream(), LogCustody.CONTROLS.stream())
                .flatMap(c -> c.permissions().stream())
                .filter(a -> a.startsWith("s3:") && !a.equals("s3:GetBucketPolicy")).distinct().sorted().toList();
        assertThat(actions(statements.get("ReadCentralBucketSettings"))).containsExactlyElementsOf(hardeningS3);
        assertThat(statements.get("ReadCentralBucketSettings").get("Resource").asText()).endsWith(":s3:::${CentralBucket}");
        assertThat(actions(statements.get("ReadCentralKey"))).contains("kms:GetKeyRotationStatus", "kms:ListGrants");
        assertThat(statements.get("PublishReport").get("Resource").asText()).isEqualTo("ReportTopic");
        assertOwnTrailOnly(statements.get("ReadOwnTrail"));
        assertThat(actions(statements.get("EncryptReport"))).containsExactlyElementsOf(REPORT_KEY_ACTIONS);
        assertThat(statements.get("EncryptReport").get("Resource").asText()).as("the report topic's key alone").isEqualTo("ReportTopicKey.Arn");
        assertThat(actions(statements.get("ReadReportTopicSubscriptions"))).as("report.subscribers, on the report topic alone")
                .containsExactlyElementsOf(Check.REPORT_SUBSCRIBERS.permissions());
        assertThat(statements.get("ReadReportTopicSubscriptions").get("Resource").asText()).isEqualTo("ReportTopic");
        assertThat(statements.get("ReadRegistry").get("Resource").asText()).contains(":parameter${MemberRegistryParameter}");
    }

    /** delivery.arrived lists and describes log files only under the log prefix's AWSLogs/, and only in the central bucket. */
    @Test
    void deliveredLogsAreListedAndDescribedOnlyUnderAwsLogs() throws IOException {
        JsonNode template = read("template.yaml");
        Map<String, JsonNode> statements = statements(template.at("/Resources/AuditFunction/Properties/Policies/0"));

        JsonNode list = statements.get("ListDeliveredLogs");
        assertThat(actions(list)).containsExactly("s3:ListBucket");
        assertThat(list.get("Resource").asText()).endsWith(":s3:::${CentralBucket}");
        assertThat(list.at("/Condition/StringLike/s3:prefix/0").asText()).isEqualTo("${Folder}AWSLogs/*");
        JsonNode describe = statements.get("DescribeDeliveredLogs");
        assertThat(actions(describe)).containsExactly("s3:GetObject");
        assertThat(describe.at("/Resource/0").asText()).endsWith(":s3:::${CentralBucket}/${Folder}AWSLogs/*");
        for (JsonNode folder : List.of(list.at("/Condition/StringLike/s3:prefix/1/Folder"), describe.at("/Resource/1/Folder"))) {
            assertThat(folder.get(0).asText()).isEqualTo("HasLogPrefix");
            assertThat(folder.get(1).asText()).isEqualTo("${LogPrefix}/");
            assertThat(folder.get(2).asText()).isEmpty();
        }
        assertThat(template.at("/Conditions/HasLogPrefix").toString()).contains("LogPrefix");
        assertThat(Check.DELIVERY_ARRIVED.permissions()).containsExactlyInAnyOrder("s3:ListBucket", "s3:GetObject");
        assertThat(Check.DELIVERY_ARRIVED.fixPermissions()).as("reported, never repaired").isEmpty();
    }

    @Test
    void policyWritesAreGrantedOnlyInRepairModeAndOnlyOnTheCentralBucketAndKey() throws IOException {
        JsonNode template = read("template.yaml");
        JsonNode policy = template.at("/Resources/AuditFunction/Properties/Policies/0");
        Map<String, JsonNode> statements = statements(policy);

        assertThat(template.at("/Conditions/RepairCentralPolicies").toString()).contains("CentralPolicyMode").contains("repair");
        assertThat(condition(policy, "RepairCentralBucketPolicy")).isEqualTo("RepairCentralPolicies");
        assertThat(condition(policy, "RepairCentralKeyPolicy")).isEqualTo("RepairCentralPolicies");
        assertThat(actions(statements.get("RepairCentralBucketPolicy"))).containsExactly("s3:PutBucketPolicy");
        assertThat(statements.get("RepairCentralBucketPolicy").get("Resource").asText()).endsWith(":s3:::${CentralBucket}");
        assertThat(actions(statements.get("RepairCentralKeyPolicy"))).containsExactly("kms:PutKeyPolicy");
        assertThat(statements.get("RepairCentralKeyPolicy").get("Resource").asText()).isEqualTo("CentralKeyArn");
        // Audit first: pressing Enter through a guided deploy must not turn on nightly policy and trail writes.
        assertThat(template.at("/Parameters/CentralPolicyMode/Default").asText()).isEqualTo("audit");
        assertThat(template.at("/Parameters/TrailMode/Default").asText()).isEqualTo("audit");
        assertThat(condition(policy, "RepairOwnTrail")).isEqualTo("RepairTrails");
        assertThat(actions(statements.get("RepairOwnTrail"))).containsExactlyElementsOf(TrailRepairer.PERMISSIONS);
        assertOwnTrailOnly(statements.get("RepairOwnTrail"));
        assertThat(statements.get("RepairCentralKeyPolicy").get("Condition").toString()).as("never bypassing the lockout check")
                .isEqualTo("{\"Bool\":{\"kms:BypassPolicyLockoutSafetyCheck\":\"false\"}}");
    }

    /** The audit account's trail by the one name the config lets its registry entry have, never trail/*. */
    private static void assertOwnTrailOnly(JsonNode statement) {
        JsonNode resource = statement.get("Resource");
        assertThat(resource.get(0).asText()).isEqualTo("arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/${OwnTrail}");
        assertThat(resource.at("/1/OwnTrail")).as("AuditAccountTrailName, or DefaultTrailName when it is empty")
                .containsExactly(text("HasAuditAccountTrailName"), text("AuditAccountTrailName"), text("DefaultTrailName"));
    }

    @Test
    void theAuditAccountsTrailNameIsAParameterThatTheFunctionIsToldOf() throws IOException {
        JsonNode template = read("template.yaml");

        assertThat(template.at("/Parameters/AuditAccountTrailName/Default").asText()).as("empty: DefaultTrailName").isEmpty();
        assertThat(template.at("/Conditions/HasAuditAccountTrailName").toString()).isEqualTo("[[\"AuditAccountTrailName\",\"\"]]");
        assertThat(template.at("/Resources/AuditFunction/Properties/Environment/Variables/" + ConfigLoader.AUDIT_ACCOUNT_TRAIL_NAME)
                .asText()).isEqualTo("AuditAccountTrailName");
        JsonNode parameter = template.at("/Parameters/AuditAccountTrailName");
        assertThat(allows(parameter, "audit-trail")).isTrue();
        assertThat(allows(parameter, "*")).as("a name, never a wildcard").isFalse();
        assertThat(allows(parameter, "arn:aws:cloudtrail:eu-west-1:111111111111:trail/x")).isFalse();
    }

    /** Each run's report is evidence: the bucket keeps every version, for as long as it keeps the reports. */
    @Test
    void theHistoryIsVersionedAndKeptOnlyInABucketOfThisAccount() throws IOException {
        JsonNode template = read("template.yaml");
        JsonNode bucket = template.at("/Resources/RunHistoryBucket/Properties");

        assertThat(bucket.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
        JsonNode rule = bucket.at("/LifecycleConfiguration/Rules/0");
        assertThat(rule.get("ExpirationInDays").asText()).isEqualTo("HistoryRetentionDays");
        assertThat(rule.at("/NoncurrentVersionExpiration/NoncurrentDays").asText()).as("earlier versions go with the reports")
                .isEqualTo("HistoryRetentionDays");
        JsonNode keep = statements(template.at("/Resources/AuditFunction/Properties/Policies/0")).get("KeepRunHistory");
        assertThat(keep.get("Condition").toString()).as("a HistoryBucket of another account is refused")
                .isEqualTo("{\"StringEquals\":{\"s3:ResourceAccount\":\"AWS::AccountId\"}}");
        assertThat(actions(keep)).as("nothing that could delete a version").containsExactly("s3:GetObject", "s3:PutObject");
    }

    @Test
    void memberRoleReadsItsOwnTrailAndRepairsItOnlyWhenAllowed() throws IOException {
        JsonNode template = read("member-role.yaml");
        JsonNode role = template.at("/Resources/MemberRole/Properties");
        JsonNode policy = role.at("/Policies/0/PolicyDocument");
        Map<String, JsonNode> statements = statements(policy);

        TreeSet<String> reads = new TreeSet<>(actions(statements.get("ReadTrail")));
        reads.addAll(actions(statements.get("FindTrailHome")));
        assertThat(reads).as("delivery.arrived reads the central bucket with the function's role, never the member's")
                .containsExactlyElementsOf(Check.memberRolePermissions()).noneMatch(a -> a.startsWith("s3:"));
        assertThat(condition(policy, "ReadTrail")).as("reading is always allowed").isNull();
        assertThat(condition(policy, "FindTrailHome")).as("reading is always allowed").isNull();
        assertThat(actions(statements.get("FindTrailHome"))).containsExactly("cloudtrail:ListTrails");
        assertThat(statements.get("FindTrailHome").get("Resource").asText()).as("ListTrails takes no resource").isEqualTo("*");
        assertThat(actions(statements.get("RepairTrail"))).containsExactlyElementsOf(TrailRepairer.PERMISSIONS);
        assertThat(condition(policy, "RepairTrail")).isEqualTo("RepairsAllowed");
        assertThat(template.at("/Parameters/AllowRepairs/Default").asText()).as("read-only unless asked").isEqualTo("false");
        assertThat(statements.values()).filteredOn(s -> !s.get("Sid").asText().equals("FindTrailHome"))
                .allSatisfy(s -> assertThat(s.get("Resource").asText())
                        .as("only the registered trail").endsWith(":${AWS::AccountId}:trail/${TrailName}"));
        JsonNode trust = role.at("/AssumeRolePolicyDocument/Statement/0");
        assertThat(trust.at("/Principal/AWS").asText()).isEqualTo("AuditorRoleArn");
        assertThat(trust.get("Action").asText()).isEqualTo("sts:AssumeRole");
    }

    /** The event bus policy, the third central policy: read on the bus alone, written there only in central repair mode. */
    @Test
    void theBusPolicyIsReadWithTheEventPathAndWrittenOnlyInRepairModeOnTheBusAlone() throws IOException {
        JsonNode template = read("template.yaml");
        JsonNode policy = template.at("/Resources/AuditFunction/Properties/Policies/0");
        Map<String, JsonNode> statements = statements(policy);

        assertThat(condition(policy, "ReadTrailEventBusPolicy")).isEqualTo("HasEventRechecks");
        assertThat(actions(statements.get("ReadTrailEventBusPolicy"))).containsExactly("events:DescribeEventBus");
        assertThat(statements.get("ReadTrailEventBusPolicy").get("Resource").asText()).isEqualTo("TrailEventBus.Arn");
        assertThat(condition(policy, "RepairTrailEventBusPolicy")).isEqualTo("RepairEventBusPolicy");
        assertThat(template.at("/Conditions/RepairEventBusPolicy").toString())
                .isEqualTo("[\"RepairCentralPolicies\",\"HasEventRechecks\"]");
        assertThat(actions(statements.get("RepairTrailEventBusPolicy"))).containsExactly("events:PutPermission");
        assertThat(statements.get("RepairTrailEventBusPolicy").get("Resource").asText()).isEqualTo("TrailEventBus.Arn");
        assertThat(template.at("/Resources/AuditFunction/Properties/Environment/Variables/" + ConfigLoader.TRAIL_EVENT_BUS_ARN))
                .as("the bus's ARN with the event path, else empty: nothing about a bus is checked")
                .containsExactly(text("HasEventRechecks"), text("TrailEventBus.Arn"), text(""));
        assertThat(template.at("/Resources/TrailEventBus/Properties").has("Policy")).as("the auditor keeps the policy").isFalse();
    }

    @Test
    void functionIsSizedAndScheduledAsDesigned() throws IOException {
        JsonNode template = read("template.yaml");
        JsonNode function = template.at("/Resources/AuditFunction/Properties");

        assertThat(function.get("Runtime").asText()).isEqualTo("java21");
        assertThat(function.get("Timeout").asInt()).isEqualTo(900);
        assertThat(function.get("ReservedConcurrentExecutions")).as("reserved only when asked for")
                .containsExactly(text("HasReservedConcurrency"), text("ReservedConcurrency"), text("AWS::NoValue"));
        assertThat(template.at("/Conditions/HasReservedConcurrency").toString()).isEqualTo("[[\"ReservedConcurrency\",\"0\"]]");
        assertThat(template.at("/Parameters/ReservedConcurrency/Default").asInt())
                .as("deploys in accounts whose concurrency quota leaves nothing to reserve").isZero();
        assertThat(template.at("/Parameters/ReservedConcurrency/AllowedValues")).containsExactly(
                IntNode.valueOf(0), IntNode.valueOf(1));
        assertThat(function.at("/LoggingConfig/LogFormat").asText()).isEqualTo("JSON");
        assertThat(function.at("/Events/Nightly/Type").asText()).isEqualTo("Schedule");
        assertThat(function.at("/Events/Nightly/Properties/Schedule").asText()).isEqualTo("ScheduleExpression");
        assertThat(template.at("/Parameters/ScheduleExpression/Default").asText()).startsWith("cron(");

        String handler = function.get("Handler").asText();
        assertThat(handler).isEqualTo(AuditHandler.class.getName() + "::handleRequest");
    }

    @Test
    void templateAndLocalEnvSetEveryConfigurationVariable() throws IOException {
        JsonNode variables = read("template.yaml").at("/Resources/AuditFunction/Properties/Environment/Variables");
        TreeSet<String> names = new TreeSet<>();
        variables.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrderElementsOf(ConfigLoader.VARIABLES);

        JsonNode localEnv = new ObjectMapper().readTree(Path.of("events/env.json").toFile()).get("AuditFunction");
        TreeSet<String> localNames = new TreeSet<>();
        localEnv.fieldNames().forEachRemaining(localNames::add);
        assertThat(localNames).containsExactlyInAnyOrderElementsOf(ConfigLoader.VARIABLES);
    }

    private static TextNode text(String value) {
        return TextNode.valueOf(value);
    }

    private static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new HashMap<>();
        template.get("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().get("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue().get("Properties"));
            }
        });
        return found;
    }

    @Test
    void theRoleNamesTheConfigAllowsAreTheOnesTheFunctionMayAssume() throws IOException {
        JsonNode template = read("template.yaml");
        JsonNode function = template.at("/Resources/AuditFunction/Properties");
        JsonNode grant = statements(function.get("Policies").get(0)).get("AssumeMemberRoles").get("Resource");
        JsonNode variable = function.at("/Environment/Variables/" + ConfigLoader.MEMBER_ROLE_NAME_PATTERN);

        assertThat(grant.at("/1/RoleNames")).as("the grant and the variable hold the same expression").isEqualTo(variable);
        assertThat(variable).containsExactly(text("HasMemberRoleNamePattern"), text("MemberRoleNamePattern"), text("MemberRoleName"));
        assertThat(template.at("/Conditions/HasMemberRoleNamePattern").toString()).isEqualTo("[[\"MemberRoleNamePattern\",\"\"]]");
        assertThat(template.at("/Parameters/MemberRoleNamePattern/Default").asText())
                .as("by default only MemberRoleName: a wider grant is a choice").isEmpty();
    }

    @Test
    void theRegistryIsRequiredFromOnePlaceAtDeployTime() throws IOException {
        JsonNode assertions = read("template.yaml").at("/Rules/RegistryFromOnePlace/Assertions");

        assertThat(assertions).hasSize(2);
        assertThat(assertions.get(0).get("Assert").toString())
                .isEqualTo("[[[\"MemberRegistry\",\"\"],[\"MemberRegistryParameter\",\"\"]]]"); // not (both empty)
        assertThat(assertions.get(1).get("Assert").toString())
                .isEqualTo("[[\"MemberRegistry\",\"\"],[\"MemberRegistryParameter\",\"\"]]"); // one of them empty
        assertThat(assertions).allSatisfy(a -> assertThat(a.get("AssertDescription").asText()).contains("MemberRegistry"));
    }

    /** Each free-text parameter is checked by CloudFormation, says what it wants, and takes what the function takes. */
    @Test
    void parametersAreCheckedAtDeployTime() throws IOException {
        for (String file : List.of("template.yaml", "member-role.yaml")) {
            read(file).get("Parameters").fields().forEachRemaining(e -> {
                JsonNode parameter = e.getValue();
                if (parameter.get("Type").asText().equals("String") && !parameter.has("AllowedValues")) {
                    assertThat(parameter.has("AllowedPattern")).as(file + " " + e.getKey()).isTrue();
                    assertThat(parameter.path("ConstraintDescription").asText()).as(file + " " + e.getKey()).isNotBlank();
                    if (parameter.has("Default")) {
                        assertThat(allows(parameter, parameter.get("Default").asText())).as(e.getKey() + " takes its default").isTrue();
                    }
                }
            });
        }
        // What events/env.json (a working configuration) sets passes the parameter that sets it in the stack.
        JsonNode template = read("template.yaml");
        JsonNode local = new ObjectMapper().readTree(Path.of("events/env.json").toFile()).get("AuditFunction");
        template.at("/Resources/AuditFunction/Properties/Environment/Variables").fields().forEachRemaining(e -> {
            JsonNode parameter = template.at("/Parameters/" + e.getValue().asText());
            if (parameter.has("AllowedPattern") && !local.get(e.getKey()).asText().isEmpty()) {
                assertThat(allows(parameter, local.get(e.getKey()).asText())).as(e.getKey()).isTrue();
            }
        });
        JsonNode parameters = template.get("Parameters");
        assertThat(allows(parameters.get("CentralKeyArn"), "arn:aws:kms:eu-west-1:111111111111:alias/trail")).isFalse();
        assertThat(allows(parameters.get("CentralBucket"), "s3://central-trail-logs")).isFalse();
        assertThat(allows(parameters.get("DefaultHomeRegion"), "Ireland")).isFalse();
        assertThat(allows(parameters.get("LogPrefix"), "org/")).isFalse();
        assertThat(allows(parameters.get("MemberRegistry"), "{\"accountId\": \"222222222222\"}")).isFalse();
        assertThat(allows(parameters.get("ReportEmail"), "audit-team")).isFalse();
        assertThat(allows(parameters.get("ReportEmail"), "audit-team@example.com")).isTrue();
        assertThat(allows(parameters.get("MemberRoleNamePattern"), "TrailAuditor*")).isTrue();
        assertThat(allows(parameters.get("MemberExternalId"), "")).as("can be left empty in a guided deploy").isTrue();
        assertThat(allows(read("member-role.yaml").at("/Parameters/ExternalId"), "")).isTrue();
    }

    /**
     * A value the stack refuses at deploy time, the function refuses too (a terminal run reads the same variables),
     * and a value one takes, the other takes: wildcards in the prefixes that become IAM resources, and a role name
     * pattern that leaves the registry free to name roles that are not the auditor's.
     */
    @ParameterizedTest(name = "{0}={2}: allowed {3}")
    @CsvSource(delimiter = '|', value = {
        "LogPrefix             | LOG_PREFIX               | org/*          | false",
        "LogPrefix             | LOG_PREFIX               | o?g            | false",
        "LogPrefix             | LOG_PREFIX               | org/trails     | true",
        "HistoryPrefix         | HISTORY_PREFIX           | trail-*        | false",
        "HistoryPrefix         | HISTORY_PREFIX           | runs?          | false",
        "HistoryPrefix         | HISTORY_PREFIX           | trail-auditor  | true",
        "MemberRoleNamePattern | MEMBER_ROLE_NAME_PATTERN | *              | false",
        "MemberRoleNamePattern | MEMBER_ROLE_NAME_PATTERN | ?*             | false",
        "MemberRoleNamePattern | MEMBER_ROLE_NAME_PATTERN | Trail*         | false",
        "MemberRoleNamePattern | MEMBER_ROLE_NAME_PATTERN | TrailAu*       | false",
        "MemberRoleNamePattern | MEMBER_ROLE_NAME_PATTERN | *MemberRole    | false",
        "MemberRoleNamePattern | MEMBER_ROLE_NAME_PATTERN | TrailAud*      | true",
        "MemberRoleNamePattern | MEMBER_ROLE_NAME_PATTERN | TrailAuditor*  | true",
        "MemberRoleNamePattern | MEMBER_ROLE_NAME_PATTERN | TrailAuditorMemberRole | true",
    })
    void theStackAndTheFunctionRefuseTheSameDangerousValues(String parameter, String variable, String value,
                                                            boolean allowed) throws IOException {
        assertThat(allows(read("template.yaml").at("/Parameters/" + parameter), value)).as("the template").isEqualTo(allowed);
        Map<String, String> env = ConfigLoaderTest.validEnv();
        env.put("MEMBER_REGISTRY", "[{\"accountId\": \"222222222222\"}]");
        env.put("HISTORY_BUCKET", "audit-history");
        env.put("HISTORY_PREFIX", "trail-auditor");
        env.put(variable, value);
        boolean loaded;
        try {
            ConfigLoader.load(env, name -> java.util.Optional.empty());
            loaded = true;
        } catch (ConfigException e) {
            assertThat(e.problems()).as("named").allSatisfy(p -> assertThat(p).startsWith(variable + "='" + value + "'"));
            loaded = false;
        }
        assertThat(loaded).as("the function").isEqualTo(allowed);
    }

    /** CloudFormation matches the whole value against AllowedPattern. */
    private static boolean allows(JsonNode parameter, String value) {
        return Pattern.compile(parameter.get("AllowedPattern").asText()).matcher(value).matches();
    }

    @Test
    void alarmsWatchTheFunctionAndTheRunsOwnMetricsAndTellTheReportTopic() throws IOException {
        Map<String, JsonNode> alarms = resources(read("template.yaml"), "AWS::CloudWatch::Alarm");
        alarms.remove("TrailEventsDeadLetterAlarm"); // the event path's, on its queue (auditStackTakes...)

        assertThat(alarms.values()).allSatisfy(alarm -> {
            assertThat(alarm.at("/Dimensions/0/Name").asText()).isEqualTo("FunctionName");
            assertThat(alarm.at("/Dimensions/0/Value").asText()).isEqualTo("AuditFunction");
            assertThat(alarm.get("Dimensions")).as("the one dimension the metrics carry").hasSize(1);
            assertThat(alarm.get("AlarmActions")).containsExactly(text("ReportTopic"));
        });
        assertThat(alarms.values()).filteredOn(a -> a.get("Namespace").asText().equals("TrailAuditor"))
                .extracting(a -> a.get("MetricName").asText())
                .containsExactlyInAnyOrder("RunFailed", "RunCompleted")
                .allSatisfy(name -> assertThat(RUN_METRICS).contains(name));

        JsonNode errors = alarms.get("FunctionErrorsAlarm");
        assertThat(errors.get("Namespace").asText() + " " + errors.get("MetricName").asText()).isEqualTo("AWS/Lambda Errors");
        JsonNode runFailed = alarms.get("RunFailedAlarm");
        for (JsonNode alarm : List.of(errors, runFailed)) {
            assertThat(alarm.get("Statistic").asText()).isEqualTo("Sum");
            assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
            assertThat(alarm.get("Threshold").asInt()).isEqualTo(1);
        }
    }

    /** The topic policy admits exactly the alarms that tell the topic: an alarm it left out would reach nobody. */
    @Test
    void everyAlarmOfTheReportTopicIsOneItsPolicyLetsPublish() throws IOException {
        JsonNode template = read("template.yaml");
        List<String> alarmArns = resources(template, "AWS::CloudWatch::Alarm").entrySet().stream()
                .filter(e -> texts(e.getValue().get("AlarmActions")).contains("ReportTopic"))
                .map(e -> e.getKey() + ".Arn").sorted().toList();
        JsonNode alarmsPublish = template.at("/Resources/ReportTopicPolicy/Properties/PolicyDocument/Statement/0");

        assertThat(alarmsPublish.get("Sid").asText()).isEqualTo("AlarmsPublish");
        assertThat(alarmsPublish.at("/Principal/Service").asText()).isEqualTo("cloudwatch.amazonaws.com");
        // An alarm that exists only under a condition is named under the same one (!If [condition, arn, NoValue]).
        List<String> admitted = new ArrayList<>();
        alarmsPublish.at("/Condition/ArnEquals/aws:SourceArn").forEach(arn -> {
            if (arn.isArray()) {
                String alarm = arn.get(1).asText().replace(".Arn", "");
                assertThat(arn.get(0).asText()).as(alarm + "'s condition")
                        .isEqualTo(template.at("/Resources/" + alarm + "/Condition").asText());
                admitted.add(arn.get(1).asText());
            } else {
                admitted.add(arn.asText());
            }
        });
        assertThat(admitted).containsExactlyInAnyOrderElementsOf(alarmArns);
        assertThat(alarmArns).hasSize(4);
        assertThat(template.at("/Resources/ReportTopicPolicy/Properties/Topics")).containsExactly(text("ReportTopic"));
    }

    @Test
    void silenceItselfAlarms() throws IOException {
        JsonNode deadMan = resources(read("template.yaml"), "AWS::CloudWatch::Alarm").get("NoRunCompletedAlarm");

        assertThat(deadMan.get("MetricName").asText()).isEqualTo("RunCompleted");
        assertThat(deadMan.get("TreatMissingData").asText()).as("no data at all is the failure it exists for").isEqualTo("breaching");
        assertThat(deadMan.get("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
        assertThat(deadMan.get("Threshold").asInt()).isEqualTo(1);
        assertThat(deadMan.get("Statistic").asText()).isEqualTo("Sum");
        int period = deadMan.get("Period").asInt();
        int periods = deadMan.get("EvaluationPeriods").asInt();
        assertThat(deadMan.get("DatapointsToAlarm").asInt()).as("every period empty, not some").isEqualTo(periods);
        assertThat(period * periods).as("longer than a night apart, within CloudWatch's 7-day limit")
                .isGreaterThan(24 * 3600).isLessThanOrEqualTo(604_800);
        assertThat(period).as("periods under an hour are limited to one day in all").isGreaterThanOrEqualTo(3600);
    }

    @Test
    void theDashboardShowsEveryRunMetricAndTheFunctionsOwn() throws IOException {
        JsonNode dashboard = resources(read("template.yaml"), "AWS::CloudWatch::Dashboard").get("AuditDashboard");
        JsonNode sub = dashboard.get("DashboardBody");
        assertThat(sub.at("/1/Fn").asText()).isEqualTo("AuditFunction");
        JsonNode body = new ObjectMapper().readTree(sub.get(0).asText().replaceAll("\\$\\{[^}]+}", "x"));

        Set<String> runMetrics = new TreeSet<>();
        Set<String> lambdaMetrics = new TreeSet<>();
        for (JsonNode widget : body.get("widgets")) {
            for (JsonNode metric : widget.at("/properties/metrics")) {
                assertThat(metric.get(2).asText()).isEqualTo("FunctionName");
                (metric.get(0).asText().equals("TrailAuditor") ? runMetrics : lambdaMetrics).add(metric.get(1).asText());
            }
        }
        assertThat(runMetrics).containsExactlyInAnyOrderElementsOf(RUN_METRICS);
        assertThat(lambdaMetrics).containsExactlyInAnyOrder("Errors", "Duration");
        assertThat(body.at("/widgets").findValues("alarms")).hasSize(1);
    }

    @Test
    void theOutputsNameTheDashboardAndEveryAlarm() throws IOException {
        JsonNode template = read("template.yaml");
        JsonNode outputs = template.get("Outputs");

        assertThat(outputs.at("/DashboardName/Value").asText()).isEqualTo("AuditDashboard");
        assertThat(outputs.at("/AuditLogGroupName/Value").asText()).as("what last-report --log-group takes").isEqualTo("AuditLogGroup");
        assertThat(outputs.at("/DashboardUrl/Value").asText()).contains("#dashboards:name=${AuditDashboard}");
        List<String> named = new ArrayList<>();
        outputs.at("/AlarmNames/Value/1").forEach(ref -> named.add(ref.asText()));
        named.add(outputs.at("/TrailEventsDeadLetterAlarmName/Value").asText());
        assertThat(outputs.at("/TrailEventsDeadLetterAlarmName/Condition").asText()).isEqualTo("HasEventRechecks");
        assertThat(named).containsExactlyInAnyOrderElementsOf(resources(template, "AWS::CloudWatch::Alarm").keySet());
    }

    @Test
    void aFailedAsynchronousRunIsNotRetriedAndIsReported() throws IOException {
        JsonNode config = read("template.yaml").at("/Resources/AuditFunction/Properties/EventInvokeConfig");

        assertThat(config.get("MaximumRetryAttempts").asInt()).as("a retry would run the repairs again").isZero();
        assertThat(config.at("/DestinationConfig/OnFailure/Type").asText()).isEqualTo("SNS");
        assertThat(config.at("/DestinationConfig/OnFailure/Destination").asText()).isEqualTo("ReportTopic");
    }

    @Test
    void samBuildRunsTheMakefile() throws IOException {
        JsonNode function = read("template.yaml").at("/Resources/AuditFunction");

        assertThat(function.at("/Metadata/BuildMethod").asText()).isEqualTo("makefile");
        assertThat(function.at("/Properties/CodeUri").asText()).isEqualTo(".");
        assertThat(Files.readString(Path.of("Makefile"))).contains("build-AuditFunction:");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(v -> texts.add(v.isTextual() ? v.asText() : v.toString()));
        return texts;
    }

    @Test
    void memberRuleForwardsTheCallsThatChangeATrailToTheAuditorsBusOnly() throws IOException {
        JsonNode template = read("member-role.yaml");
        JsonNode rule = template.at("/Resources/TrailEventsForwardRule");
        JsonNode role = template.at("/Resources/TrailEventsForwardRole");

        assertThat(template.at("/Parameters/ForwardTrailEvents/Default").asText()).as("on unless declined").isEqualTo("true");
        assertThat(rule.get("Condition").asText()).isEqualTo("ForwardsTrailEvents");
        assertThat(role.get("Condition").asText()).isEqualTo("ForwardsTrailEvents");
        JsonNode pattern = rule.at("/Properties/EventPattern");
        assertThat(texts(pattern.get("source"))).containsExactly("aws.cloudtrail");
        assertThat(texts(pattern.get("detail-type"))).containsExactly(CloudTrailEvents.DETAIL_TYPE);
        assertThat(texts(pattern.at("/detail/eventSource"))).containsExactly(EventRecheck.CLOUDTRAIL);
        assertThat(texts(pattern.at("/detail/eventName"))).containsExactlyElementsOf(TRAIL_CHANGES);
        assertThat(rule.at("/Properties/EventBusName").isMissingNode()).as("the account's default bus, where CloudTrail sends").isTrue();

        JsonNode target = rule.at("/Properties/Targets/0");
        assertThat(rule.at("/Properties/Targets")).hasSize(1);
        assertThat(target.at("/RoleArn").asText()).isEqualTo("TrailEventsForwardRole.Arn");
        JsonNode bus = target.get("Arn");
        assertThat(bus.get(0).asText()).isEqualTo("arn:${AWS::Partition}:events:${Region}:${Account}:event-bus/${AuditEventBusName}");
        assertThat(bus.at("/1/Account").toString()).as("the audit account: AuditorRoleArn's").contains("AuditorRoleArn");

        // The role may put events on that one bus, and only EventBridge may use it.
        assertThat(role.at("/Properties/AssumeRolePolicyDocument/Statement")).singleElement().satisfies(trust -> {
            assertThat(trust.at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
            assertThat(trust.get("Action").asText()).isEqualTo("sts:AssumeRole");
        });
        JsonNode grants = role.at("/Properties/Policies/0/PolicyDocument/Statement");
        assertThat(grants).singleElement().satisfies(grant -> {
            assertThat(grant.get("Effect").asText()).isEqualTo("Allow");
            assertThat(actions(grant)).containsExactly("events:PutEvents");
            assertThat(grant.get("Resource")).as("the bus the rule sends to, and nothing else").isEqualTo(bus);
        });
        assertThat(role.at("/Properties/ManagedPolicyArns").isMissingNode()).isTrue();
    }

    @Test
    void auditStackTakesTheMembersCallsAndItsOwnCentralCallsIntoOneShardReadOneBatchAtATime() throws IOException {
        JsonNode template = read("template.yaml");
        JsonNode resources = template.get("Resources");
        for (String name : List.of("TrailEventBus", "TrailEventStream", "TrailEventsToStreamRole", "MemberTrailEventsRule",
                "CentralBucketEventsRule", "CentralKeyEventsRule", "CentralBusEventsRule", "TrailEventsMapping")) {
            assertThat(resources.at("/" + name + "/Condition").asText()).as(name).isEqualTo("HasEventRechecks");
        }
        assertThat(template.at("/Parameters/EventRechecks/Default").asText()).isEqualTo("true");

        JsonNode members = resources.at("/MemberTrailEventsRule/Properties");
        assertThat(members.at("/EventBusName").asText()).isEqualTo("TrailEventBus");
        assertThat(texts(members.at("/EventPattern/detail/eventName"))).containsExactlyElementsOf(TRAIL_CHANGES);
        assertThat(texts(members.at("/EventPattern/detail/eventSource"))).containsExactly(EventRecheck.CLOUDTRAIL);

        JsonNode bucket = resources.at("/CentralBucketEventsRule/Properties");
        assertThat(bucket.at("/EventBusName").isMissingNode()).as("this account's own calls: the default bus").isTrue();
        assertThat(texts(bucket.at("/EventPattern/detail/eventSource"))).containsExactly(EventRecheck.S3);
        assertThat(texts(bucket.at("/EventPattern/detail/eventName"))).containsExactly("PutBucketPolicy", "DeleteBucketPolicy");
        assertThat(texts(bucket.at("/EventPattern/detail/requestParameters/bucketName")))
                .as("the central bucket only").containsExactly("CentralBucket");

        JsonNode key = resources.at("/CentralKeyEventsRule/Properties");
        assertThat(texts(key.at("/EventPattern/detail/eventSource"))).containsExactly(EventRecheck.KMS);
        assertThat(texts(key.at("/EventPattern/detail/eventName"))).containsExactly("PutKeyPolicy", "ScheduleKeyDeletion", "DisableKey");
        JsonNode keyIds = key.at("/EventPattern/detail/requestParameters/keyId");
        assertThat(keyIds).hasSize(2);
        assertThat(keyIds.get(0).asText()).as("by ARN").isEqualTo("CentralKeyArn");
        assertThat(keyIds.get(1).toString()).as("or by id, the ARN's last part").contains("CentralKeyArn").contains("/");

        JsonNode busRule = resources.at("/CentralBusEventsRule/Properties");
        assertThat(busRule.at("/EventBusName").isMissingNode()).as("this account's own calls: the default bus").isTrue();
        assertThat(texts(busRule.at("/EventPattern/detail/eventSource"))).containsExactly(EventRecheck.EVENTS);
        assertThat(texts(busRule.at("/EventPattern/detail/eventName"))).containsExactly("PutPermission", "RemovePermission");
        JsonNode busNames = busRule.at("/EventPattern/detail/requestParameters/eventBusName");
        assertThat(busNames).as("the auditor's bus only, by name or ARN").hasSize(2);
        assertThat(busNames.get(0).asText()).isEqualTo("TrailEventBus");
        assertThat(busNames.get(1).asText()).isEqualTo("TrailEventBus.Arn");

        for (JsonNode rule : List.of(members, bucket, key, busRule)) {
            assertThat(rule.get("Targets")).singleElement().satisfies(target -> {
                assertThat(target.at("/Arn").asText()).isEqualTo("TrailEventStream.Arn");
                assertThat(target.at("/RoleArn").asText()).isEqualTo("TrailEventsToStreamRole.Arn");
            });
        }
        JsonNode streamRole = resources.at("/TrailEventsToStreamRole/Properties");
        assertThat(streamRole.at("/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
        assertThat(streamRole.at("/Policies/0/PolicyDocument/Statement")).singleElement().satisfies(grant -> {
            assertThat(actions(grant)).containsExactly("kinesis:PutRecord");
            assertThat(grant.at("/Resource").asText()).isEqualTo("TrailEventStream.Arn");
        });

        // One shard read one batch at a time: event-driven runs never overlap one another; a burst is one batch.
        assertThat(resources.at("/TrailEventStream/Properties/ShardCount").asInt()).isEqualTo(1);
        assertThat(resources.at("/TrailEventStream/Properties/StreamEncryption/EncryptionType").asText()).isEqualTo("KMS");
        JsonNode mapping = resources.at("/TrailEventsMapping/Properties");
        assertThat(mapping.get("FunctionName").asText()).isEqualTo("AuditFunction");
        assertThat(mapping.get("ParallelizationFactor").asInt()).isEqualTo(1);
        assertThat(mapping.get("MaximumBatchingWindowInSeconds").asText()).isEqualTo("EventBatchingWindowSeconds");
        assertThat(mapping.get("MaximumRetryAttempts").asInt()).as("a retry would run the repairs again").isZero();
        assertThat(mapping.at("/DestinationConfig/OnFailure/Destination").asText()).isEqualTo("TrailEventsDeadLetterQueue.Arn");

        JsonNode policy = resources.at("/AuditFunction/Properties/Policies/0");
        assertThat(condition(policy, "ReadTrailEventStream")).isEqualTo("HasEventRechecks");
        assertThat(actions(statements(policy).get("ReadTrailEventStream"))).containsExactlyElementsOf(EVENT_STREAM_ACTIONS);
        assertThat(statements(policy).get("ReadTrailEventStream").at("/Resource").asText()).isEqualTo("TrailEventStream.Arn");
    }

    /**
     * Only successful calls start a run: every rule that feeds the stream matches only calls without errorCode, and
     * each has a twin, the same pattern but for errorCode, that sends the failed calls to the failed-calls queue.
     */
    @Test
    void onlySuccessfulCallsReachTheStreamAndFailedOnesTheFailedCallsQueue() throws IOException {
        JsonNode resources = read("template.yaml").get("Resources");
        Map<String, String> twins = Map.of("MemberTrailEventsRule", "MemberTrailFailedCallsRule",
                "CentralBucketEventsRule", "CentralBucketFailedCallsRule", "CentralKeyEventsRule", "CentralKeyFailedCallsRule",
                "CentralBusEventsRule", "CentralBusFailedCallsRule");
        assertThat(resources(read("template.yaml"), "AWS::Events::Rule").keySet()).as("no rule without its errorCode filter")
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(twins.keySet().stream(),
                        twins.values().stream()).toList());
        twins.forEach((recheck, failed) -> {
            JsonNode pattern = resources.at("/" + recheck + "/Properties/EventPattern");
            JsonNode twin = resources.at("/" + failed + "/Properties/EventPattern");
            assertThat(pattern.at("/detail/errorCode").toString()).as(recheck).isEqualTo("[{\"exists\":false}]");
            assertThat(twin.at("/detail/errorCode").toString()).as(failed).isEqualTo("[{\"exists\":true}]");
            ObjectNode same = pattern.deepCopy();
            ((ObjectNode) same.get("detail")).set("errorCode", twin.at("/detail/errorCode"));
            assertThat(twin).as(failed + " is " + recheck + " but for errorCode").isEqualTo(same);
            assertThat(resources.at("/" + failed + "/Properties/EventBusName"))
                    .isEqualTo(resources.at("/" + recheck + "/Properties/EventBusName"));
            assertThat(resources.at("/" + failed + "/Properties/Targets")).singleElement().satisfies(target -> {
                assertThat(target.at("/Arn").asText()).isEqualTo("FailedCallsQueue.Arn");
                assertThat(target.at("/DeadLetterConfig/Arn").asText()).isEqualTo("TrailEventsDeadLetterQueue.Arn");
            });
            assertThat(resources.at("/" + recheck + "/Properties/Targets/0/DeadLetterConfig/Arn").asText())
                    .isEqualTo("TrailEventsDeadLetterQueue.Arn");
            assertThat(resources.at("/" + failed + "/Condition").asText()).isEqualTo("HasEventRechecks");
        });

        // Both queues encrypted; only this stack's rules may send, each to its own queue.
        for (String queue : List.of("FailedCallsQueue", "TrailEventsDeadLetterQueue")) {
            assertThat(resources.at("/" + queue + "/Properties/SqsManagedSseEnabled").asBoolean()).as(queue).isTrue();
        }
        JsonNode failedSend = resources.at("/FailedCallsQueuePolicy/Properties/PolicyDocument/Statement");
        assertThat(failedSend).singleElement().satisfies(grant -> {
            assertThat(grant.at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
            assertThat(actions(grant)).containsExactly("sqs:SendMessage");
            assertThat(grant.at("/Resource").asText()).isEqualTo("FailedCallsQueue.Arn");
            assertThat(texts(grant.at("/Condition/ArnEquals/aws:SourceArn")))
                    .containsExactlyInAnyOrderElementsOf(twins.values().stream().map(r -> r + ".Arn").toList());
        });
        JsonNode deadLetterSend = resources.at("/TrailEventsDeadLetterQueuePolicy/Properties/PolicyDocument/Statement");
        assertThat(deadLetterSend).singleElement().satisfies(grant -> {
            assertThat(grant.at("/Resource").asText()).isEqualTo("TrailEventsDeadLetterQueue.Arn");
            assertThat(texts(grant.at("/Condition/ArnEquals/aws:SourceArn"))).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.Stream.concat(twins.keySet().stream(), twins.values().stream()).map(r -> r + ".Arn").toList());
        });

        // A message in the dead-letter queue tells the report topic.
        JsonNode alarm = resources.at("/TrailEventsDeadLetterAlarm/Properties");
        assertThat(alarm.get("Namespace").asText() + " " + alarm.get("MetricName").asText())
                .isEqualTo("AWS/SQS ApproximateNumberOfMessagesVisible");
        assertThat(alarm.at("/Dimensions/0/Value").asText()).isEqualTo("TrailEventsDeadLetterQueue.QueueName");
        assertThat(alarm.get("Threshold").asInt()).isEqualTo(1);
        assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
        assertThat(alarm.get("AlarmActions")).containsExactly(text("ReportTopic"));

        // The function reads (and deletes) the failed calls, on that queue alone, and is told where it is.
        Map<String, JsonNode> statements = statements(resources.at("/AuditFunction/Properties/Policies/0"));
        assertThat(actions(statements.get("ReadFailedCalls"))).containsExactlyInAnyOrderElementsOf(FailedCallsInbox.PERMISSIONS);
        assertThat(statements.get("ReadFailedCalls").at("/Resource").asText()).isEqualTo("FailedCallsQueue.Arn");
        assertThat(statements.get("SendFailedBatchToDeadLetterQueue").at("/Resource").asText())
                .isEqualTo("TrailEventsDeadLetterQueue.Arn");
        JsonNode variables = resources.at("/AuditFunction/Properties/Environment/Variables");
        assertThat(variables.at("/FAILED_CALLS_QUEUE_URL").toString()).contains("FailedCallsQueue");
        assertThat(variables.at("/RECHECK_INTERVAL_SECONDS").asText()).isEqualTo("RecheckIntervalSeconds");
        JsonNode interval = read("template.yaml").at("/Parameters/RecheckIntervalSeconds");
        assertThat(interval.get("Default").asInt()).isEqualTo(300);
        assertThat(interval.get("MinValue").asInt()).isEqualTo(60);
        assertThat(interval.get("MaxValue").asInt()).isEqualTo(600);
    }

    /** The member side forwards successful trail changes to be re-checked, and failed ones to be listed. */
    @Test
    void memberRulesForwardSuccessfulAndFailedTrailChangesApart() throws IOException {
        JsonNode resources = read("member-role.yaml").get("Resources");
        JsonNode pattern = resources.at("/TrailEventsForwardRule/Properties/EventPattern");
        JsonNode twin = resources.at("/TrailFailedCallsForwardRule/Properties/EventPattern");

        assertThat(pattern.at("/detail/errorCode").toString()).isEqualTo("[{\"exists\":false}]");
        assertThat(twin.at("/detail/errorCode").toString()).isEqualTo("[{\"exists\":true}]");
        ObjectNode same = pattern.deepCopy();
        ((ObjectNode) same.get("detail")).set("errorCode", twin.at("/detail/errorCode"));
        assertThat(twin).isEqualTo(same);
        assertThat(resources.at("/TrailFailedCallsForwardRule/Properties/Targets"))
                .isEqualTo(resources.at("/TrailEventsForwardRule/Properties/Targets"));
        assertThat(resources.at("/TrailFailedCallsForwardRule/Condition").asText()).isEqualTo("ForwardsTrailEvents");
    }

    /** The bus admits no one from the template: the auditor keeps its policy in step with the registry. */
    @Test
    void theEventBusIsNotOpenedByTheTemplateAndItsArnIsAnOutput() throws IOException {
        JsonNode template = read("template.yaml");

        assertThat(resources(template, "AWS::Events::EventBusPolicy")).isEmpty();
        assertThat(template.at("/Resources/TrailEventBus/Properties/Policy").isMissingNode()).isTrue();
        assertThat(template.at("/Outputs/TrailEventBusArn/Value").asText()).isEqualTo("TrailEventBus.Arn");
        assertThat(template.at("/Resources/TrailEventBus/Properties/Name").asText())
                .as("the name member-role.yaml's AuditEventBusName defaults to, for a stack named trail-auditor")
                .isEqualTo("${AWS::StackName}-trail-events");
        assertThat(read("member-role.yaml").at("/Parameters/AuditEventBusName/Default").asText())
                .isEqualTo("trail-auditor-trail-events");
    }
}
