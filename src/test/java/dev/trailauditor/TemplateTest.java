package dev.trailauditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trailauditor.check.Check;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.repair.CentralRepairer;
import dev.trailauditor.repair.TrailRepairer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The real templates, read as data: they grant what the checks need and nothing more. */
class TemplateTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** What the function needs beyond the checks themselves: reach members, send the report, read the registry. */
    private static final List<String> RUN_ACTIONS = List.of("sts:AssumeRole", "sns:Publish", "ssm:GetParameter");

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
        expected.addAll(RUN_ACTIONS);
        expected.addAll(CentralRepairer.PERMISSIONS);
        expected.addAll(TrailRepairer.PERMISSIONS);
        assertThat(allActions(statements)).isEqualTo(expected);

        statements.values().forEach(s -> {
            assertThat(s.get("Effect").asText()).isEqualTo("Allow");
            assertThat(actions(s)).allSatisfy(a -> assertThat(a).doesNotContain("*"));
        });
        assertThat(statements.values()).filteredOn(s -> s.get("Resource").asText().equals("*"))
                .as("only ListTrails, which has no resource-level permission, is on every resource")
                .extracting(TemplateTest::actions).containsExactly(List.of("cloudtrail:ListTrails"));
        assertThat(statements.get("AssumeMemberRoles").get("Resource").asText()).endsWith(":role/${MemberRoleName}");
        assertThat(statements.get("ReadCentralBucketPolicy").get("Resource").asText()).endsWith(":s3:::${CentralBucket}");
        assertThat(statements.get("ReadCentralKey").get("Resource").asText()).isEqualTo("CentralKeyArn");
        assertThat(statements.get("PublishReport").get("Resource").asText()).isEqualTo("ReportTopic");
        assertThat(statements.get("ReadOwnTrail").get("Resource").asText()).contains(":${AWS::AccountId}:trail/");
        assertThat(statements.get("ReadRegistry").get("Resource").asText()).contains(":parameter${MemberRegistryParameter}");
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
        assertThat(statements.get("RepairOwnTrail").get("Resource").asText()).contains(":${AWS::AccountId}:trail/");
    }

    @Test
    void memberRoleReadsItsOwnTrailAndRepairsItOnlyWhenAllowed() throws IOException {
        JsonNode template = read("member-role.yaml");
        JsonNode role = template.at("/Resources/MemberRole/Properties");
        JsonNode policy = role.at("/Policies/0/PolicyDocument");
        Map<String, JsonNode> statements = statements(policy);

        TreeSet<String> reads = new TreeSet<>(actions(statements.get("ReadTrail")));
        reads.addAll(actions(statements.get("FindTrailHome")));
        assertThat(reads).containsExactlyElementsOf(Check.permissions(Check.Scope.MEMBER));
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

    @Test
    void functionIsSizedAndScheduledAsDesigned() throws IOException {
        JsonNode template = read("template.yaml");
        JsonNode function = template.at("/Resources/AuditFunction/Properties");

        assertThat(function.get("Runtime").asText()).isEqualTo("java21");
        assertThat(function.get("Timeout").asInt()).isEqualTo(900);
        assertThat(function.get("ReservedConcurrentExecutions").asInt()).as("two runs never overlap").isEqualTo(1);
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
}
