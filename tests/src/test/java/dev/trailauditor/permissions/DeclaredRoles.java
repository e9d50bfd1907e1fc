package dev.trailauditor.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The roles of one deployment as the templates declare them: the function role of {@code template.yaml}
 * deployed with the function's own settings, and one {@code member-role.yaml} stack per registered member,
 * with AllowRepairs=true only when the run repairs trails (audit mode must work with read-only members).
 * Conditions are evaluated, so a statement under {@code !If [RepairX, ...]} counts only when RepairX holds.
 */
public final class DeclaredRoles {
    /**
     * One Allow statement, as IAM reads it: its actions and resources may hold the wildcards * and ?, and each of its
     * conditions must hold for the call's context.
     */
    record Grant(String sid, List<String> actions, List<String> resources, List<Condition> conditions) {
        boolean allows(IamCall call) {
            return actions.stream().anyMatch(a -> wildcard(a, true).matcher(call.action()).matches())
                    && resources.stream().anyMatch(r -> wildcard(r, false).matcher(call.resource()).matches())
                    && conditions.stream().allMatch(c -> c.holds(call.context()));
        }
    }

    /**
     * "operator: {key: values}" with the operators the templates' identity policies use, StringLike, StringEquals and
     * Bool: some value must match the call's, and a key the call does not set fails the condition, as in IAM
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
     */
    record Condition(String operator, String key, List<String> values) {
        private static final List<String> OPERATORS = List.of("StringLike", "StringEquals", "Bool");

        Condition {
            if (!OPERATORS.contains(operator)) {
                throw new IllegalArgumentException("only " + OPERATORS + " conditions are evaluated here, not " + operator);
            }
        }

        boolean holds(Map<String, String> context) {
            String actual = context.get(key);
            return actual != null && values.stream().anyMatch(value -> switch (operator) {
                case "StringLike" -> wildcard(value, false).matcher(actual).matches();
                case "Bool" -> value.equalsIgnoreCase(actual);
                default -> value.equals(actual);
            });
        }
    }

    private final String mode;
    private final Map<String, List<Grant>> grantsBySession = new LinkedHashMap<>();

    private DeclaredRoles(String mode) {
        this.mode = mode;
    }

    /**
     * @param env the function's environment (what template.yaml sets from its parameters), plus AWS_REGION
     */
    public static DeclaredRoles of(Map<String, String> env, AuditConfig config) {
        String trailMode = env.getOrDefault("TRAIL_MODE", "audit");
        DeclaredRoles roles = new DeclaredRoles("CENTRAL_POLICY_MODE=" + env.getOrDefault("CENTRAL_POLICY_MODE", "audit")
                + ", TRAIL_MODE=" + trailMode);

        CfnTemplate function = CfnTemplate.read("template.yaml");
        Map<String, String> parameters = new HashMap<>();
        Map<String, String> physicalIds = new HashMap<>();
        // The function's variables are !Ref's of the stack's parameters and resources: read them back.
        // A variable set by !If [CreateX, !Ref ResourceX, !Ref ParameterX] is read as the parameter's: a bucket the
        // deployment names (so the condition is false), and the resource's physical id too, should it be asked for.
        function.at("/Resources/AuditFunction/Properties/Environment/Variables").fields().forEachRemaining(v -> {
            List<String> refs = new ArrayList<>();
            v.getValue().path("Fn::If").forEach(branch -> refs.add(branch.path("Ref").asText()));
            refs.add(v.getValue().path("Ref").asText());
            for (String ref : refs) {
                if (!ref.isEmpty() && env.containsKey(v.getKey())) {
                    (function.at("/Parameters/" + ref).isMissingNode() ? physicalIds : parameters).put(ref, env.get(v.getKey()));
                }
            }
        });
        // The event stream the function's event source mapping reads (EventRechecks defaults to true).
        physicalIds.put("TrailEventStream.Arn", "arn:aws:kinesis:" + env.get("AWS_REGION") + ":" + config.auditAccountId()
                + ":stream/trail-auditor-TrailEventStream");
        // The report topic's key, which the function uses to publish (SNS calls KMS for it, not the function's code).
        physicalIds.put("ReportTopicKey.Arn", "arn:aws:kms:" + env.get("AWS_REGION") + ":" + config.auditAccountId()
                + ":key/report-topic-key");
        // The event bus the function reads (and in repair mode writes) the policy of: the one the function is told of.
        physicalIds.put("TrailEventBus.Arn", config.eventBusArn().map(Object::toString).orElse("arn:aws:events:"
                + env.get("AWS_REGION") + ":" + config.auditAccountId() + ":event-bus/trail-auditor-trail-events"));
        // The failed-calls queue the function reads (the one it is told of) and the dead-letter queue it sends to.
        config.eventPath().failedCallsQueue().ifPresent(q -> physicalIds.put("FailedCallsQueue.Arn", IamActions.queueArn(q.url())));
        physicalIds.put("TrailEventsDeadLetterQueue.Arn", "arn:aws:sqs:" + env.get("AWS_REGION") + ":" + config.auditAccountId()
                + ":trail-auditor-TrailEventsDeadLetterQueue");
        CfnTemplate.Stack audit = function.deploy(parameters, pseudo(config.auditAccountId(), env.get("AWS_REGION")), physicalIds);
        roles.add(IamCall.Role.FUNCTION, config.auditAccountId(), audit.resolved("/Resources/AuditFunction/Properties/Policies"));

        CfnTemplate memberRole = CfnTemplate.read("member-role.yaml");
        for (Member member : config.members()) {
            if (config.isAuditAccount(member)) {
                continue; // its trail is read with the function's own role
            }
            CfnTemplate.Stack stack = memberRole.deploy(Map.of(
                            "AuditorRoleArn", "arn:aws:iam::" + config.auditAccountId() + ":role/trail-auditor-AuditFunctionRole",
                            "RoleName", member.roleName(),
                            "TrailName", member.trailName(),
                            "AllowRepairs", String.valueOf(trailMode.equals("repair"))),
                    pseudo(member.accountId(), member.homeRegion()), Map.of());
            List<JsonNode> documents = new ArrayList<>();
            stack.resolved("/Resources/MemberRole/Properties/Policies").forEach(p -> documents.add(p.get("PolicyDocument")));
            roles.add(IamCall.Role.MEMBER, member.accountId(), documents);
        }
        return roles;
    }

    private static Map<String, String> pseudo(String account, String region) {
        return Map.of("AWS::Partition", "aws", "AWS::AccountId", account, "AWS::Region", region);
    }

    private void add(IamCall.Role role, String account, Iterable<JsonNode> policyDocuments) {
        List<Grant> grants = new ArrayList<>();
        for (JsonNode document : policyDocuments) {
            for (JsonNode statement : document.get("Statement")) {
                if (!statement.get("Effect").asText().equals("Allow")) {
                    throw new IllegalArgumentException("only Allow statements are read: " + statement);
                }
                grants.add(new Grant(statement.path("Sid").asText(), strings(statement.get("Action")), strings(statement.get("Resource")),
                        conditions(statement)));
            }
        }
        grantsBySession.put(session(role, account), grants);
    }

    private static String session(IamCall.Role role, String account) {
        return role + "@" + account;
    }

    /** Every call no statement of its role grants, as a sentence naming the call, the action and the role. */
    public List<String> ungranted(Collection<IamCall> calls) {
        List<String> problems = new ArrayList<>();
        for (IamCall call : calls.stream().distinct().toList()) {
            List<Grant> grants = grantsBySession.get(session(call.role(), call.account()));
            if (grants == null) {
                problems.add(call + ": no such role is deployed there (" + mode + ")");
            } else if (grants.stream().noneMatch(g -> g.allows(call))) {
                List<Grant> forAction = grants.stream()
                        .filter(g -> g.actions().stream().anyMatch(a -> wildcard(a, true).matcher(call.action()).matches())).toList();
                List<String> onOtherResources = forAction.stream().flatMap(g -> g.resources().stream()).toList();
                List<Condition> unmet = forAction.stream().flatMap(g -> g.conditions().stream())
                        .filter(c -> !c.holds(call.context())).toList();
                problems.add(call + ": the " + call.role().declaredIn() + " (" + mode + ") "
                        + (onOtherResources.isEmpty() ? "does not grant " + call.action()
                        : "grants " + call.action() + " only on " + onOtherResources
                        + (unmet.isEmpty() ? "" : " and only under " + unmet + ", given " + call.context())));
            }
        }
        return problems;
    }

    /** "role Sid action" for each granted action that no call, in any account, used. */
    public TreeSet<String> unused(Collection<IamCall> calls) {
        TreeSet<String> all = new TreeSet<>();
        TreeSet<String> used = new TreeSet<>();
        grantsBySession.forEach((session, grants) -> grants.forEach(grant -> grant.actions().forEach(action -> {
            String role = session.substring(0, session.indexOf('@'));
            all.add(role + " " + grant.sid() + " " + action);
            if (calls.stream().anyMatch(c -> session(c.role(), c.account()).equals(session) && grant.allows(c)
                    && wildcard(action, true).matcher(c.action()).matches())) {
                used.add(role + " " + grant.sid() + " " + action);
            }
        })));
        all.removeAll(used);
        return all;
    }

    private static List<Condition> conditions(JsonNode statement) {
        List<Condition> conditions = new ArrayList<>();
        statement.path("Condition").fields().forEachRemaining(operator -> operator.getValue().fields().forEachRemaining(
                key -> conditions.add(new Condition(operator.getKey(), key.getKey(), strings(key.getValue())))));
        return conditions;
    }

    private static List<String> strings(JsonNode value) {
        List<String> strings = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> strings.add(v.asText()));
        } else {
            strings.add(value.asText());
        }
        return strings;
    }

    /**
     * IAM's wildcards: * any run of characters, ? one; actions match case-insensitively
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
     */
    private static Pattern wildcard(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    }
}
