package dev.trailauditor.policy;

import static dev.trailauditor.policy.CloudTrailRequirements.CALLER_ACCOUNT;
import static dev.trailauditor.policy.CloudTrailRequirements.CLOUDTRAIL;
import static dev.trailauditor.policy.CloudTrailRequirements.OBJECT_ACL;
import static dev.trailauditor.policy.CloudTrailRequirements.SOURCE_ACCOUNT;
import static dev.trailauditor.policy.CloudTrailRequirements.SOURCE_ARN;
import static dev.trailauditor.policy.CloudTrailRequirements.TRAIL_CONTEXT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The auditor's own statements (Sids start with {@link #MANAGED_SID_PREFIX}), generated from the
 * grantees in the shapes of DESIGN.md. Output is deterministic: grants in {@link Grant} order,
 * members sorted by account, so a second run produces the same JSON and writes nothing.
 */
public final class ManagedStatements {
    public static final String MANAGED_SID_PREFIX = "TrailAuditor";
    static final String ACL_CHECK_SID = MANAGED_SID_PREFIX + "AclCheck";
    static final String WRITE_SID = MANAGED_SID_PREFIX + "Write";
    static final String DESCRIBE_SID = MANAGED_SID_PREFIX + "DescribeKey";
    static final String ENCRYPT_SID = MANAGED_SID_PREFIX + "Encrypt";
    static final String DECRYPT_SID = MANAGED_SID_PREFIX + "Decrypt";
    static final String PUT_EVENTS_SID = MANAGED_SID_PREFIX + "PutEvents";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern ACCOUNT_ROOT = Pattern.compile("arn:[^:]+:iam::\\d{12}:root");
    private static final Pattern EVENT_BUS_ARN = Pattern.compile("arn:[^:]+:events:[^:]+:\\d{12}:event-bus/[^*?]+");
    private static final String BUCKET_OWNER_FULL_CONTROL = "bucket-owner-full-control";

    private ManagedStatements() {}

    /**
     * The first sieve, by Sid and rough shape: its Sid starts with the prefix and it is an Allow to CloudTrail (or,
     * for the decrypt grant, to an AWS account; for the bus, to account roots for PutEvents on an event bus). Whether
     * such a statement really is the auditor's depends on the registry and the destination: {@link OwnStatements}
     * decides that by exactly what it means. A Deny is never the auditor's, whatever its Sid.
     */
    public static boolean isManaged(Statement statement) {
        if (statement.sid() == null || !statement.sid().startsWith(MANAGED_SID_PREFIX) || statement.effect() != Effect.ALLOW) {
            return false;
        }
        ObjectNode json = statement.json();
        if (json.has("NotAction") || json.has("NotResource")) {
            return false;
        }
        if (statement.sid().startsWith(PUT_EVENTS_SID)) {
            return putsEventsForAccounts(json);
        }
        return statement.sid().startsWith(DECRYPT_SID) ? solePrincipal(json, "AWS") != null : allowsOnlyCloudTrail(statement);
    }

    /** Principal AWS account roots only (no "*"), Action events:PutEvents alone, Resource one event bus. */
    private static boolean putsEventsForAccounts(ObjectNode json) {
        List<String> accounts = texts(solePrincipal(json, "AWS"));
        JsonNode resource = json.get("Resource");
        return !accounts.isEmpty() && accounts.stream().allMatch(a -> ACCOUNT_ROOT.matcher(a).matches())
                && texts(json.get("Action")).equals(List.of(EventBusRequirements.PUT_EVENTS))
                && resource != null && resource.isTextual() && EVENT_BUS_ARN.matcher(resource.asText()).matches();
    }

    /** A string or a list of strings, as a list; empty when absent or anything else is in it. */
    private static List<String> texts(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            if (!item.isTextual()) {
                return List.of();
            }
            texts.add(item.asText());
        }
        return texts;
    }

    /** An Allow whose Principal is CloudTrail and nothing else: the only kind of foreign grant tightening may replace. */
    static boolean allowsOnlyCloudTrail(Statement statement) {
        JsonNode service = statement.effect() == Effect.ALLOW ? solePrincipal(statement.json(), "Service") : null;
        return service != null && service.isTextual() && CLOUDTRAIL.equals(service.asText());
    }

    /** The value of a Principal that names one type only, that type; null otherwise. */
    private static JsonNode solePrincipal(ObjectNode statement, String type) {
        JsonNode principal = statement.get("Principal");
        return principal != null && principal.isObject() && principal.size() == 1 ? principal.get(type) : null;
    }

    /** Every grant of the kind for every grantee: the statements of a policy that holds nothing else. */
    public static List<ObjectNode> forAll(PolicyKind kind, Shape shape, CentralTarget target, List<Grantee> grantees) {
        Map<Grant, List<Grantee>> needs = new EnumMap<>(Grant.class);
        Grant.of(kind).forEach(grant -> needs.put(grant, grantees));
        return generate(shape, target, needs);
    }

    /** The statements for these needs; a grant yields statements only when it has grantees. */
    public static List<ObjectNode> generate(Shape shape, CentralTarget target, Map<Grant, List<Grantee>> needs) {
        List<ObjectNode> statements = new ArrayList<>();
        for (Grant grant : Grant.values()) {
            List<Grantee> grantees = needs.get(grant);
            if (grantees != null && !grantees.isEmpty()) {
                List<Grantee> sorted = grantees.stream().sorted(Comparator.comparing(Grantee::accountId)).toList();
                statements.addAll(statementsFor(grant, shape, target, sorted));
            }
        }
        return statements;
    }

    /** The statements of one grant in one shape, for these grantees (sorted by account). */
    static List<ObjectNode> statementsFor(Grant grant, Shape shape, CentralTarget target, List<Grantee> grantees) {
        boolean compact = shape == Shape.ACCOUNT_LIST;
        return switch (grant) {
            case ACL_CHECK -> List.of(aclCheck(compact, target, grantees));
            case WRITE -> compact ? List.of(compactWrite(target, grantees))
                    : shape == Shape.PER_MEMBER
                    ? grantees.stream().map(grantee -> memberWrite(WRITE_SID + grantee.accountId(), target, grantee)).toList()
                    : List.of(listedWrite(WRITE_SID, target, grantees));
            case DESCRIBE -> List.of(describe(compact, grantees));
            case ENCRYPT -> compact ? List.of(compactEncrypt(target, grantees))
                    : perMemberOrListed(shape, ENCRYPT_SID, grantees, (sid, some) -> listedEncrypt(sid, target, some));
            case DECRYPT -> List.of(decrypt(compact, target, grantees));
            case PUT_EVENTS -> List.of(putEvents(target, grantees, true));
        };
    }

    /** PER_MEMBER: the listed statement for each member alone, its Sid suffixed with the account; LISTED: one. */
    private static List<ObjectNode> perMemberOrListed(Shape shape, String sid, List<Grantee> grantees,
                                                      BiFunction<String, List<Grantee>, ObjectNode> listed) {
        if (shape == Shape.PER_MEMBER) {
            return grantees.stream().map(grantee -> listed.apply(sid + grantee.accountId(), List.of(grantee))).toList();
        }
        return List.of(listed.apply(sid, grantees));
    }

    private static ObjectNode aclCheck(boolean compact, CentralTarget target, List<Grantee> grantees) {
        ObjectNode condition = compact
                ? condition("StringEquals", SOURCE_ACCOUNT, map(grantees, Grantee::accountId))
                : condition("StringEquals", SOURCE_ARN, map(grantees, Grantee::trailArn));
        return statement(ACL_CHECK_SID, cloudTrail(), "s3:GetBucketAcl", target.bucketArn(), condition);
    }

    /** DESCRIBE.md's shape: one member's folder, its trail pinned by aws:SourceArn. */
    private static ObjectNode memberWrite(String sid, CentralTarget target, Grantee grantee) {
        ObjectNode condition = condition("StringEquals", OBJECT_ACL, List.of(BUCKET_OWNER_FULL_CONTROL));
        add(condition, "StringEquals", SOURCE_ARN, List.of(grantee.trailArn()));
        return statement(sid, cloudTrail(), "s3:PutObject", target.logPath(grantee.accountId()), condition);
    }

    /**
     * The trails by ARN, each into its own account's folder only: the resource names the folder by
     * ${aws:SourceAccount}, which CloudTrail sets to the trail's account, so no listed trail may write
     * another's folder.
     */
    private static ObjectNode listedWrite(String sid, CentralTarget target, List<Grantee> grantees) {
        ObjectNode condition = condition("StringEquals", OBJECT_ACL, List.of(BUCKET_OWNER_FULL_CONTROL));
        add(condition, "StringEquals", SOURCE_ARN, map(grantees, Grantee::trailArn));
        return statement(sid, cloudTrail(), "s3:PutObject", target.ownLogsPath(), condition);
    }

    /** Accounts pinned by aws:SourceAccount, trails by name, each into its own account's folder (${aws:SourceAccount}). */
    private static ObjectNode compactWrite(CentralTarget target, List<Grantee> grantees) {
        ObjectNode condition = condition("StringEquals", OBJECT_ACL, List.of(BUCKET_OWNER_FULL_CONTROL));
        add(condition, "StringEquals", SOURCE_ACCOUNT, map(grantees, Grantee::accountId));
        add(condition, "ArnLike", SOURCE_ARN, trailNamePatterns(target, grantees));
        return statement(WRITE_SID, cloudTrail(), "s3:PutObject", target.ownLogsPath(), condition);
    }

    /** DescribeKey pinned like the other grants: by the trails' ARNs, or by their accounts in the compact shape. */
    private static ObjectNode describe(boolean compact, List<Grantee> grantees) {
        ObjectNode condition = compact
                ? condition("StringEquals", SOURCE_ACCOUNT, map(grantees, Grantee::accountId))
                : condition("StringEquals", SOURCE_ARN, map(grantees, Grantee::trailArn));
        return statement(DESCRIBE_SID, cloudTrail(), "kms:DescribeKey", "*", condition);
    }

    private static ObjectNode listedEncrypt(String sid, CentralTarget target, List<Grantee> grantees) {
        ObjectNode condition = condition("StringEquals", SOURCE_ARN, map(grantees, Grantee::trailArn));
        add(condition, "StringLike", TRAIL_CONTEXT, map(grantees, grantee -> target.trailsOf(grantee.accountId())));
        return statement(sid, cloudTrail(), "kms:GenerateDataKey*", "*", condition);
    }

    /** The encryption context is any trail: CloudTrail sets it to the requesting trail, which SourceAccount pins. */
    private static ObjectNode compactEncrypt(CentralTarget target, List<Grantee> grantees) {
        ObjectNode condition = condition("StringEquals", SOURCE_ACCOUNT, map(grantees, Grantee::accountId));
        add(condition, "StringLike", SOURCE_ARN, trailNamePatterns(target, grantees));
        add(condition, "StringLike", TRAIL_CONTEXT, List.of(target.trailsOf("*")));
        return statement(ENCRYPT_SID, cloudTrail(), "kms:GenerateDataKey*", "*", condition);
    }

    private static ObjectNode decrypt(boolean compact, CentralTarget target, List<Grantee> grantees) {
        ObjectNode condition = condition("StringEquals", CALLER_ACCOUNT, List.of(target.auditAccountId()));
        add(condition, "StringLike", TRAIL_CONTEXT, compact ? List.of(target.trailsOf("*"))
                : map(grantees, grantee -> target.trailsOf(grantee.accountId())));
        ObjectNode auditAccount = NODES.objectNode().put("AWS", target.auditRoot());
        return statement(DECRYPT_SID, auditAccount, values(List.of("kms:Decrypt", "kms:ReEncryptFrom")), "*", condition);
    }

    /**
     * One statement: the member accounts (their roots: any role of theirs, as their IAM policies allow) on this bus,
     * pinned to what member-role.yaml's rule forwards, CloudTrail's records of API calls: events:source and
     * events:detail-type are the EventBridge condition keys of PutEvents
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html). Both are multivalued
     * (ArrayOfString, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html):
     * one PutEvents may carry several entries. So every value must match (ForAllValues) and the key must be there
     * (Null false), since ForAllValues alone also matches a request without the key
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
     * Unpinned is the shape earlier versions wrote: still recognised as the auditor's ({@link OwnStatements}), and
     * replaced by the pinned one.
     */
    static ObjectNode putEvents(CentralTarget target, List<Grantee> grantees, boolean pinned) {
        ObjectNode accounts = NODES.objectNode();
        accounts.set("AWS", values(map(grantees, g -> "arn:" + target.partition() + ":iam::" + g.accountId() + ":root")));
        ObjectNode condition = null;
        if (pinned) {
            condition = condition("ForAllValues:StringEquals", EventBusRequirements.SOURCE_KEY,
                    List.of(EventBusRequirements.SOURCE));
            add(condition, "ForAllValues:StringEquals", EventBusRequirements.DETAIL_TYPE_KEY,
                    List.of(EventBusRequirements.DETAIL_TYPE));
            add(condition, "Null", EventBusRequirements.SOURCE_KEY, List.of("false"));
            add(condition, "Null", EventBusRequirements.DETAIL_TYPE_KEY, List.of("false"));
        }
        return statement(PUT_EVENTS_SID, accounts, EventBusRequirements.PUT_EVENTS, target.eventBusArn(), condition);
    }

    private static List<String> trailNamePatterns(CentralTarget target, List<Grantee> grantees) {
        return grantees.stream().map(Grantee::trailName).distinct().sorted().map(target::trailsNamed).toList();
    }

    private static ObjectNode statement(String sid, JsonNode principal, Object action, Object resource,
                                        ObjectNode condition) {
        ObjectNode statement = NODES.objectNode().put("Sid", sid).put("Effect", "Allow");
        statement.set("Principal", principal);
        statement.set("Action", node(action));
        statement.set("Resource", node(resource));
        if (condition != null) {
            statement.set("Condition", condition);
        }
        return statement;
    }

    private static JsonNode node(Object value) {
        return value instanceof JsonNode json ? json : NODES.textNode((String) value);
    }

    private static ObjectNode cloudTrail() {
        return NODES.objectNode().put("Service", CLOUDTRAIL);
    }

    private static ObjectNode condition(String operator, String key, List<String> values) {
        return add(NODES.objectNode(), operator, key, values);
    }

    private static ObjectNode add(ObjectNode condition, String operator, String key, List<String> values) {
        ObjectNode keys = condition.has(operator) ? (ObjectNode) condition.get(operator) : condition.putObject(operator);
        keys.set(key, values(values));
        return condition;
    }

    /** One value as a string, several as a list: IAM reads both the same, the string is shorter. */
    private static JsonNode values(List<String> values) {
        if (values.size() == 1) {
            return NODES.textNode(values.get(0));
        }
        ArrayNode list = NODES.arrayNode();
        values.forEach(list::add);
        return list;
    }

    private static List<String> map(List<Grantee> grantees, Function<Grantee, String> value) {
        return grantees.stream().map(value).toList();
    }
}
