package dev.trailauditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.repair.CentralRepairer;
import dev.trailauditor.repair.TrailRepairer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The workstation policies in docs/ are the function role of template.yaml, statement by statement
 * (same Sid, same actions, same resources with the template's parameters as placeholders), less
 * what only the function does and plus what only a workstation does: they cannot drift apart.
 */
class WorkstationPolicyTest {
    /**
     * The terminal prints its report; mailing it (and so asking who subscribed) and keeping it as evidence are the
     * function's. The event stream is read by Lambda's event source mapping for the function (which sends a failed
     * batch to the dead-letter queue); a terminal run is started by hand. The report topic's key is for publishing.
     * The failed calls are the function's to list, once, in its report: a terminal run reading (and deleting) them
     * would take them from the next report.
     */
    private static final Set<String> FUNCTION_ONLY = Set.of("PublishReport", "EncryptReport", "ReadReportTopicSubscriptions",
            "KeepRunHistory", "ReadTrailEventStream", "ReadFailedCalls", "SendFailedBatchToDeadLetterQueue");
    /** last-report reads the function's log group. */
    private static final Map<String, Set<String>> WORKSTATION_ONLY = Map.of("ReadLastReport", Set.of("logs:FilterLogEvents"));
    /** The template's parameters and pseudo parameters, as the docs name them. */
    private static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>();

    static {
        PLACEHOLDERS.put("${AWS::Partition}", "aws");
        PLACEHOLDERS.put("${AWS::AccountId}", "AUDIT_ACCOUNT_ID");
        PLACEHOLDERS.put("${AWS::Region}", "REGION");
        PLACEHOLDERS.put("${CentralBucket}", "CENTRAL_BUCKET");
        PLACEHOLDERS.put("${MemberRoleName}", "TrailAuditorMemberRole");
        PLACEHOLDERS.put("${MemberRegistryParameter}", "/REGISTRY_PARAMETER");
        // The log folder: "LOG_PREFIX/", or nothing without a prefix.
        PLACEHOLDERS.put("${Folder}", "LOG_PREFIX/");
        // The audit account's own trail: AuditAccountTrailName, or DefaultTrailName.
        PLACEHOLDERS.put("${OwnTrail}", "AUDIT_TRAIL_NAME");
    }

    private record Grant(Set<String> actions, Set<String> resources) {}

    @Test
    void bothFilesAreValidPolicies() throws IOException {
        for (String file : List.of("docs/workstation-audit-policy.json", "docs/workstation-repair-policy.json")) {
            PolicyDocument policy = PolicyDocument.parse(Files.readString(Path.of(file)));
            assertThat(policy.version()).as(file).isEqualTo("2012-10-17");
            assertThat(policy.statements()).as(file).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.json().path("Effect").asText()).isEqualTo("Allow"));
        }
    }

    @Test
    void theRepairPolicyIsTheFunctionRoleLessPublishPlusTheLogGroup() throws IOException {
        Map<String, Grant> function = new TreeMap<>(functionRole());
        FUNCTION_ONLY.forEach(function::remove);
        Map<String, Grant> repair = workstation("docs/workstation-repair-policy.json");

        Map<String, Grant> shared = new TreeMap<>(repair);
        WORKSTATION_ONLY.keySet().forEach(shared::remove);
        assertThat(shared).isEqualTo(function);
        WORKSTATION_ONLY.forEach((sid, actions) -> assertThat(repair.get(sid).actions()).isEqualTo(actions));
        assertThat(repair.values()).flatExtracting(Grant::actions).allSatisfy(a -> assertThat(a).doesNotContain("*"));
    }

    @Test
    void theAuditPolicyIsTheRepairPolicyWithoutAnyWrite() throws IOException {
        Set<String> writes = new TreeSet<>(CentralRepairer.PERMISSIONS);
        writes.addAll(TrailRepairer.PERMISSIONS);
        Map<String, Grant> repair = workstation("docs/workstation-repair-policy.json");
        Map<String, Grant> audit = workstation("docs/workstation-audit-policy.json");

        Map<String, Grant> readOnly = repair.entrySet().stream()
                .filter(e -> e.getValue().actions().stream().noneMatch(writes::contains))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertThat(audit).isEqualTo(readOnly);
        assertThat(audit.values()).flatExtracting(Grant::actions).doesNotContainAnyElementsOf(writes);
        assertThat(repair.values()).flatExtracting(Grant::actions).containsAll(writes);
    }

    /**
     * A key policy written from a workstation never bypasses the lockout check (as the function's role), and takes MFA:
     * a stolen access key alone cannot rewrite who may use the central key.
     */
    @Test
    void theWorkstationWritesAKeyPolicyOnlyWithMfaAndNeverBypassingTheLockoutCheck() throws IOException {
        JsonNode repair = statement("docs/workstation-repair-policy.json", "RepairCentralKeyPolicy");
        JsonNode function = null;
        for (JsonNode statement : new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile())
                .at("/Resources/AuditFunction/Properties/Policies/0/Statement")) {
            JsonNode real = statement.isArray() ? statement.get(1) : statement;
            function = real.get("Sid").asText().equals("RepairCentralKeyPolicy") ? real : function;
        }

        assertThat(repair.at("/Condition/Bool/kms:BypassPolicyLockoutSafetyCheck").asText()).isEqualTo("false");
        assertThat(repair.at("/Condition/Bool/aws:MultiFactorAuthPresent").asText()).isEqualTo("true");
        assertThat(repair.get("Condition")).hasSize(1);
        assertThat(function).as("the function role's key policy repair").isNotNull();
        assertThat(function.at("/Condition/Bool/kms:BypassPolicyLockoutSafetyCheck").asText()).isEqualTo("false");
    }

    private static JsonNode statement(String file, String sid) throws IOException {
        for (JsonNode statement : new ObjectMapper().readTree(Path.of(file).toFile()).get("Statement")) {
            if (statement.get("Sid").asText().equals(sid)) {
                return statement;
            }
        }
        throw new AssertionError(file + " has no statement " + sid);
    }

    /** The function role's statements by Sid, whether always granted or under !If [condition, statement, NoValue]. */
    private static Map<String, Grant> functionRole() throws IOException {
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());
        Map<String, Grant> grants = new TreeMap<>();
        for (JsonNode policy : template.at("/Resources/AuditFunction/Properties/Policies")) {
            for (JsonNode statement : policy.get("Statement")) {
                JsonNode real = statement.isArray() ? statement.get(1) : statement;
                grants.put(real.get("Sid").asText(), new Grant(strings(real.get("Action")),
                        strings(subText(real.get("Resource"))).stream().map(WorkstationPolicyTest::placeholders)
                                .collect(Collectors.toCollection(TreeSet::new))));
            }
        }
        return grants;
    }

    /**
     * A !Sub [text, {variables}] as its text, each variable standing for the parameter it defaults to: the
     * member roles are ${RoleNames}, which is MemberRoleName unless MemberRoleNamePattern is set.
     */
    private static JsonNode subText(JsonNode resource) {
        if (resource.isArray() && resource.size() == 2 && resource.get(1).isObject()) {
            return new ObjectMapper().getNodeFactory().textNode(
                    resource.get(0).asText().replace("${RoleNames}", "${MemberRoleName}"));
        }
        return resource;
    }

    private static Map<String, Grant> workstation(String file) throws IOException {
        Map<String, Grant> grants = new TreeMap<>();
        for (JsonNode statement : new ObjectMapper().readTree(Path.of(file).toFile()).get("Statement")) {
            grants.put(statement.get("Sid").asText(), new Grant(strings(statement.get("Action")), strings(statement.get("Resource"))));
        }
        return grants;
    }

    /** !Sub text with the docs' placeholders; a !Ref (read as the parameter's bare name) as its placeholder. */
    private static String placeholders(String resource) {
        if (resource.equals("CentralKeyArn")) {
            return "CENTRAL_KEY_ARN";
        }
        if (resource.equals("TrailEventBus.Arn")) {
            return "TRAIL_EVENT_BUS_ARN";
        }
        String text = resource;
        for (Map.Entry<String, String> placeholder : PLACEHOLDERS.entrySet()) {
            text = text.replace(placeholder.getKey(), placeholder.getValue());
        }
        return text;
    }

    private static Set<String> strings(JsonNode value) {
        return value.isArray() ? StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText)
                .collect(Collectors.toCollection(TreeSet::new)) : new TreeSet<>(Set.of(value.asText()));
    }
}
