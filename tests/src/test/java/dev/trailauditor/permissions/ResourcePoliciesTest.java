package dev.trailauditor.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailauditor.policy.AccessRequest;
import dev.trailauditor.policy.PolicyDecision;
import dev.trailauditor.policy.PolicyDecision.Decision;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyEvaluator;
import dev.trailauditor.policy.RequestPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The resource and trust policies of the templates, deployed (conditions decided, references made) and judged by the
 * project's policy evaluator for the requests that matter: the alert channel's topic and key, the event stream, and the
 * roles EventBridge assumes. A principal of the audit account needs only an Allow in its own identity policy, so a
 * resource policy keeps it out only by an explicit Deny: that is what "denied" means here, and a request the policy
 * merely does not allow is left to the principal's identity policy.
 */
class ResourcePoliciesTest {
    private static final String AUDIT = "111111111111";
    private static final String REGION = "eu-west-1";
    private static final String TOPIC = "arn:aws:sns:eu-west-1:111111111111:trail-auditor-ReportTopic-ABC";
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/report-topic-key";
    private static final String STREAM = "arn:aws:kinesis:eu-west-1:111111111111:stream/trail-auditor-TrailEventStream-ABC";
    private static final String FUNCTION_ROLE = "arn:aws:iam::111111111111:role/trail-auditor-AuditFunctionRole-ABC";
    private static final String EVENTS_ROLE = "arn:aws:iam::111111111111:role/trail-auditor-TrailEventsToStreamRole-ABC";
    private static final String ALARM = "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:trail-auditor-";
    private static final List<String> ALARMS = List.of("FunctionErrorsAlarm", "RunFailedAlarm", "NoRunCompletedAlarm",
            "TrailEventsDeadLetterAlarm");

    private static final CfnTemplate.Stack STACK = deployAuditStack();

    private static CfnTemplate.Stack deployAuditStack() {
        Map<String, String> physicalIds = new LinkedHashMap<>(Map.of("ReportTopic", TOPIC, "ReportTopicKey.Arn", KEY,
                "TrailEventStream.Arn", STREAM, "AuditFunctionRole.Arn", FUNCTION_ROLE, "TrailEventsToStreamRole.Arn", EVENTS_ROLE));
        ALARMS.forEach(alarm -> physicalIds.put(alarm + ".Arn", ALARM + alarm + "-XYZ"));
        return CfnTemplate.read("template.yaml").deploy(
                Map.of("CentralBucket", "central-trail-logs", "CentralKeyArn", "arn:aws:kms:eu-west-1:111111111111:key/central",
                        "DefaultTrailName", "org-trail", "DefaultHomeRegion", REGION),
                pseudo(AUDIT, "trail-auditor"), physicalIds);
    }

    private static Map<String, String> pseudo(String account, String stackName) {
        return Map.of("AWS::Partition", "aws", "AWS::AccountId", account, "AWS::Region", REGION, "AWS::StackName", stackName);
    }

    private static PolicyDocument policy(CfnTemplate.Stack stack, String pointer) {
        return PolicyDocument.parse(stack.resolved(pointer).toString());
    }

    /** A trust policy is the role's resource policy: its statements name no Resource, since the resource is the role. */
    private static PolicyDocument trust(CfnTemplate.Stack stack, String role, String roleArn) {
        JsonNode document = stack.resolved("/Resources/" + role + "/Properties/AssumeRolePolicyDocument").deepCopy();
        document.get("Statement").forEach(statement -> ((ObjectNode) statement).put("Resource", roleArn));
        return PolicyDocument.parse(document.toString());
    }

    private static RequestPrincipal session(String roleArn) {
        return RequestPrincipal.iam(roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/session");
    }

    private static AccessRequest request(RequestPrincipal principal, String action, String resource, String... context) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("aws:SecureTransport", List.of("true"));
        for (int i = 0; i < context.length; i += 2) {
            keys.put(context[i], List.of(context[i + 1]));
        }
        return new AccessRequest(principal, action, resource, keys);
    }

    private static Decision decision(PolicyDocument policy, AccessRequest request) {
        return PolicyEvaluator.decide(policy, request).decision();
    }

    private static RequestPrincipal cloudWatch() {
        return RequestPrincipal.service("cloudwatch.amazonaws.com");
    }

    @Test
    void onlyTheFunctionsRoleAndThisStacksAlarmsMayPublishToTheReportTopic() {
        PolicyDocument topic = policy(STACK, "/Resources/ReportTopicPolicy/Properties/PolicyDocument");

        assertThat(decision(topic, request(session(FUNCTION_ROLE), "sns:Publish", TOPIC)))
                .as("the report and Lambda's on-failure record: its identity policy grants it, nothing denies it")
                .isEqualTo(Decision.IMPLICIT_DENY);
        for (String alarm : ALARMS) {
            assertThat(decision(topic, request(cloudWatch(), "sns:Publish", TOPIC,
                    "aws:SourceArn", ALARM + alarm + "-XYZ", "aws:SourceAccount", AUDIT))).as(alarm).isEqualTo(Decision.ALLOWED);
        }

        PolicyDecision admin = PolicyEvaluator.decide(topic, request(RequestPrincipal.iam("arn:aws:iam::111111111111:role/Admin"),
                "sns:Publish", TOPIC));
        assertThat(admin.decision()).as("an audit-account admin cannot send a fake all-compliant report").isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(admin.statements()).extracting(s -> s.sid()).containsExactly("OnlyTheAuditorAndItsAlarmsPublish");
        assertThat(decision(topic, request(session("arn:aws:iam::111111111111:role/trail-auditor-AuditFunctionRole-ABC-copy"),
                "sns:Publish", TOPIC))).as("a role named like it").isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(decision(topic, request(RequestPrincipal.account(AUDIT), "sns:Publish", TOPIC))).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(decision(topic, request(session("arn:aws:iam::222222222222:role/trail-auditor-AuditFunctionRole-ABC"),
                "sns:Publish", TOPIC))).as("the same role name in another account").isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(decision(topic, request(RequestPrincipal.service("events.amazonaws.com"), "sns:Publish", TOPIC,
                "aws:SourceArn", ALARM + "RunFailedAlarm-XYZ", "aws:SourceAccount", AUDIT))).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(decision(topic, request(cloudWatch(), "sns:Publish", TOPIC,
                "aws:SourceArn", ALARM + "SomeoneElsesAlarm", "aws:SourceAccount", AUDIT))).as("another alarm of this account")
                .isNotEqualTo(Decision.ALLOWED);
        assertThat(decision(topic, request(cloudWatch(), "sns:Publish", TOPIC,
                "aws:SourceArn", "arn:aws:cloudwatch:eu-west-1:999999999999:alarm:x", "aws:SourceAccount", "999999999999")))
                .as("another account's alarm").isNotEqualTo(Decision.ALLOWED);
        assertThat(decision(topic, request(cloudWatch(), "sns:Publish", TOPIC))).as("an alarm that says not which").isNotEqualTo(Decision.ALLOWED);
    }

    @Test
    void theReportTopicRefusesPlainHttpBothForRequestsAndForDelivery() {
        PolicyDocument topic = policy(STACK, "/Resources/ReportTopicPolicy/Properties/PolicyDocument");
        RequestPrincipal function = session(FUNCTION_ROLE);

        for (String action : List.of("sns:Publish", "sns:Subscribe", "sns:SetTopicAttributes", "sns:GetTopicAttributes",
                "sns:DeleteTopic", "sns:RemovePermission", "sns:AddPermission", "sns:ListSubscriptionsByTopic")) {
            assertThat(decision(topic, request(function, action, TOPIC, "aws:SecureTransport", "false"))).as(action)
                    .isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(decision(topic, request(function, action, TOPIC))).as(action + " over TLS").isNotEqualTo(Decision.EXPLICIT_DENY);
        }
        RequestPrincipal admin = RequestPrincipal.iam("arn:aws:iam::111111111111:role/Admin");
        assertThat(decision(topic, request(admin, "sns:Subscribe", TOPIC, "sns:Protocol", "http", "sns:Endpoint", "http://x.example")))
                .as("the reports carry policy statements: never in clear text").isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(decision(topic, request(admin, "sns:Subscribe", TOPIC, "sns:Protocol", "email", "sns:Endpoint", "team@example.com")))
                .as("more addresses may be subscribed (the stack's own subscription is made with its deployer's rights)")
                .isNotEqualTo(Decision.EXPLICIT_DENY);
    }

    @Test
    void theTopicIsEncryptedWithTheStacksKeyWhichAlarmsOfThisAccountMayUse() {
        assertThat(STACK.resolved("/Resources/ReportTopic/Properties/KmsMasterKeyId").asText()).isEqualTo(KEY);
        JsonNode key = STACK.resolved("/Resources/ReportTopicKey/Properties");
        assertThat(key.get("EnableKeyRotation").asText()).isEqualTo("true");
        assertThat(key.has("BypassPolicyLockoutSafetyCheck")).as("never bypassing the lockout check").isFalse();
        assertThat(STACK.resolved("/Resources/ReportTopicKeyAlias/Properties/AliasName").asText()).isEqualTo("alias/trail-auditor-report-topic");
        PolicyDocument policy = policy(STACK, "/Resources/ReportTopicKey/Properties/KeyPolicy");

        for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
            assertThat(decision(policy, request(cloudWatch(), action, KEY, "aws:SourceArn", ALARM + "NoRunCompletedAlarm-XYZ",
                    "aws:SourceAccount", AUDIT))).as(action).isEqualTo(Decision.ALLOWED);
            assertThat(decision(policy, request(cloudWatch(), action, KEY))).as(action + " for no alarm").isEqualTo(Decision.IMPLICIT_DENY);
            assertThat(decision(policy, request(cloudWatch(), action, KEY,
                    "aws:SourceArn", "arn:aws:cloudwatch:eu-west-1:999999999999:alarm:x", "aws:SourceAccount", "999999999999")))
                    .as(action + " for another account's alarm").isEqualTo(Decision.IMPLICIT_DENY);
        }
        assertThat(decision(policy, request(cloudWatch(), "kms:CreateGrant", KEY, "aws:SourceArn", ALARM + "RunFailedAlarm-XYZ",
                "aws:SourceAccount", AUDIT))).as("only to encrypt and decrypt").isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decision(policy, request(RequestPrincipal.account(AUDIT), "kms:PutKeyPolicy", KEY)))
                .as("the account keeps administering it, and so delegates its use to IAM policies").isEqualTo(Decision.ALLOWED);
        assertThat(decision(policy, request(RequestPrincipal.account("999999999999"), "kms:Decrypt", KEY))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void onlyTheRulesRoleWritesTheEventStreamAndOnlyTheFunctionsRoleReadsIt() {
        assertThat(STACK.resolved("/Resources/TrailEventStreamPolicy/Properties/ResourceArn").asText()).isEqualTo(STREAM);
        assertThat(STACK.resolved("/Resources/TrailEventStreamPolicy/Condition").asText()).isEqualTo("HasEventRechecks");
        PolicyDocument stream = policy(STACK, "/Resources/TrailEventStreamPolicy/Properties/ResourcePolicy");
        RequestPrincipal rules = session(EVENTS_ROLE);
        RequestPrincipal function = session(FUNCTION_ROLE);
        RequestPrincipal admin = RequestPrincipal.iam("arn:aws:iam::111111111111:role/Admin");

        assertThat(decision(stream, request(rules, "kinesis:PutRecord", STREAM))).isEqualTo(Decision.ALLOWED);
        for (String read : List.of("kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:DescribeStream")) {
            assertThat(decision(stream, request(function, read, STREAM))).as(read).isEqualTo(Decision.ALLOWED);
        }
        for (String write : List.of("kinesis:PutRecord", "kinesis:PutRecords")) {
            assertThat(decision(stream, request(admin, write, STREAM))).as("a forged re-check, " + write).isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(decision(stream, request(function, write, STREAM))).as(write).isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(decision(stream, request(RequestPrincipal.account(AUDIT), write, STREAM))).isEqualTo(Decision.EXPLICIT_DENY);
        }
        for (String read : List.of("kinesis:GetRecords", "kinesis:GetShardIterator")) {
            assertThat(decision(stream, request(admin, read, STREAM))).as(read).isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(decision(stream, request(rules, read, STREAM))).as(read).isEqualTo(Decision.EXPLICIT_DENY);
        }
    }

    @Test
    void eventBridgeAssumesTheStreamRoleOnlyForRulesOfThisAccountAndRegion() {
        PolicyDocument trust = trust(STACK, "TrailEventsToStreamRole", EVENTS_ROLE);
        RequestPrincipal events = RequestPrincipal.service("events.amazonaws.com");

        for (String rule : List.of("rule/trail-auditor-CentralBucketEventsRule-ABC", "rule/trail-auditor-trail-events/trail-auditor-Member-ABC")) {
            assertThat(decision(trust, request(events, "sts:AssumeRole", EVENTS_ROLE,
                    "aws:SourceArn", "arn:aws:events:eu-west-1:111111111111:" + rule, "aws:SourceAccount", AUDIT))).as(rule)
                    .isEqualTo(Decision.ALLOWED);
        }
        assertThat(decision(trust, request(events, "sts:AssumeRole", EVENTS_ROLE,
                "aws:SourceArn", "arn:aws:events:eu-west-1:999999999999:rule/x", "aws:SourceAccount", "999999999999")))
                .as("another account's rule").isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decision(trust, request(events, "sts:AssumeRole", EVENTS_ROLE,
                "aws:SourceArn", "arn:aws:events:us-east-1:111111111111:rule/x", "aws:SourceAccount", AUDIT)))
                .as("another region's").isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decision(trust, request(events, "sts:AssumeRole", EVENTS_ROLE))).as("unpinned").isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void aMembersEventBridgeAssumesTheForwardingRoleOnlyForThatStacksRule() {
        String member = "222222222222";
        String role = "arn:aws:iam::222222222222:role/member-TrailEventsForwardRole-ABC";
        CfnTemplate.Stack stack = CfnTemplate.read("member-role.yaml").deploy(
                Map.of("AuditorRoleArn", FUNCTION_ROLE, "TrailName", "org-trail"), pseudo(member, "trail-auditor-member"), Map.of());
        PolicyDocument trust = trust(stack, "TrailEventsForwardRole", role);
        RequestPrincipal events = RequestPrincipal.service("events.amazonaws.com");
        String rule = "arn:aws:events:eu-west-1:222222222222:rule/" + stack.resolved("/Resources/TrailEventsForwardRule/Properties/Name").asText();

        assertThat(rule).endsWith(":rule/trail-auditor-member-trail-changes");
        assertThat(decision(trust, request(events, "sts:AssumeRole", role, "aws:SourceArn", rule, "aws:SourceAccount", member)))
                .isEqualTo(Decision.ALLOWED);
        assertThat(decision(trust, request(events, "sts:AssumeRole", role,
                "aws:SourceArn", "arn:aws:events:eu-west-1:222222222222:rule/another-rule", "aws:SourceAccount", member)))
                .as("another rule of the member").isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decision(trust, request(events, "sts:AssumeRole", role,
                "aws:SourceArn", "arn:aws:events:eu-west-1:999999999999:rule/trail-auditor-member-trail-changes",
                "aws:SourceAccount", "999999999999"))).as("the same rule name in another account").isEqualTo(Decision.IMPLICIT_DENY);
    }
}
