package dev.trailauditor.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random bucket and key policies and requests drawn from pools that matter to CloudTrail delivery.
 * The audit account 111111111111 owns the bucket and key; 222222222222 is a member with a trail;
 * 333333333333 is a stranger. Requests carry only context keys their action has (the oracle says
 * which it ignored, and the test fails on any).
 */
final class PolicyCaseGenerator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final String AUDIT = "111111111111";
    static final String MEMBER = "222222222222";
    static final String STRANGER = "333333333333";
    static final String BUCKET = "central-trail-logs";
    static final String PREFIX = "logs";
    static final String KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String NOW = "2026-11-29T03:00:00Z";
    static final String[] REGIONS = {"us-east-1", "eu-west-1", "ap-northeast-1"};
    static final String[] TRAILS = {
        "arn:aws:cloudtrail:us-east-1:222222222222:trail/org-trail",
        "arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail",
        "arn:aws:cloudtrail:us-east-1:111111111111:trail/management-events",
        "arn:aws:cloudtrail:us-east-1:333333333333:trail/rogue",
    };
    static final String[] SERVICES = {"config.amazonaws.com", "delivery.logs.amazonaws.com"};
    static final String[] IAM_CALLERS = {
        "arn:aws:iam::111111111111:role/LogReader",
        "arn:aws:iam::111111111111:root",
        "arn:aws:iam::222222222222:role/Deployer",
        "arn:aws:iam::222222222222:root",
        "arn:aws:iam::333333333333:role/Attacker",
        "arn:aws:iam::333333333333:root",
        "arn:aws:sts::222222222222:assumed-role/Deployer/deploy-1",
    };

    private final Random random;

    PolicyCaseGenerator(Random random) {
        this.random = random;
    }

    OracleCase generate(String id) {
        boolean s3 = random.nextBoolean();
        OracleRequest request = s3 ? s3Request() : kmsRequest();
        ObjectNode policy = NODES.objectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            statements.add(statement(s3, request, i));
        }
        return new OracleCase(id, policy, AUDIT, request);
    }

    // ------------------------------------------------------------ requests

    private OracleRequest s3Request() {
        String trail = pick(TRAILS);
        String account = accountOf(trail);
        String action;
        String resource;
        int kind = random.nextInt(5);
        if (kind == 0) {
            action = "s3:GetBucketAcl";
            resource = "arn:aws:s3:::" + BUCKET;
        } else {
            action = "s3:PutObject";
            String region = pick(REGIONS);
            // A log object or a digest in the trail's own folder; now and then another account's folder.
            String folder = random.nextInt(6) == 0 ? pick(AUDIT, MEMBER, STRANGER) : account;
            String prefix = random.nextInt(8) == 0 ? "other" : PREFIX;
            resource = kind == 4
                    ? "arn:aws:s3:::" + BUCKET + "/" + prefix + "/AWSLogs/" + folder + "/CloudTrail-Digest/" + region
                            + "/2026/11/29/" + folder + "_CloudTrail-Digest_" + region + "_org-trail_us-east-1_20261129T030000Z.json.gz"
                    : "arn:aws:s3:::" + BUCKET + "/" + prefix + "/AWSLogs/" + folder + "/CloudTrail/" + region
                            + "/2026/11/29/" + folder + "_CloudTrail_" + region + "_20261129T0300Z_a1B2c3D4e5F6g7H8.json.gz";
        }
        Map<String, List<String>> context = new LinkedHashMap<>();
        String principal = caller(trail, account, context);
        // CloudTrail sets the canned ACL on every object it writes; adversarial: a different one, or none.
        if (action.equals("s3:PutObject") && random.nextInt(8) != 0) {
            context.put("s3:x-amz-acl", List.of(random.nextInt(6) == 0 ? "private" : "bucket-owner-full-control"));
        }
        if (random.nextInt(4) == 0) {
            context.put("s3:signatureAge", List.of(pick("1000", "600000")));
        }
        common(context);
        return new OracleRequest(principal, action, resource, context);
    }

    private OracleRequest kmsRequest() {
        String trail = pick(TRAILS);
        String account = accountOf(trail);
        Map<String, List<String>> context = new LinkedHashMap<>();
        String principal = caller(trail, account, context);
        boolean service = !principal.startsWith("arn:") && !principal.equals("*");
        String action = service ? pick("kms:GenerateDataKey", "kms:GenerateDataKey", "kms:DescribeKey", "kms:Decrypt")
                : pick("kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:ReEncryptFrom");
        if (!action.equals("kms:DescribeKey") && random.nextInt(8) != 0) {
            // CloudTrail's encryption context: the trail and the log object.
            String contextTrail = random.nextInt(6) == 0 ? pick(TRAILS) : trail;
            context.put("kms:EncryptionContext:aws:cloudtrail:arn", List.of(contextTrail));
            context.put("kms:EncryptionContext:aws:s3:arn", List.of("arn:aws:s3:::" + BUCKET + "/" + PREFIX
                    + "/AWSLogs/" + accountOf(contextTrail) + "/CloudTrail/us-east-1/2026/11/29/x.json.gz"));
            context.put("kms:EncryptionContextKeys", List.of("aws:cloudtrail:arn", "aws:s3:arn"));
        }
        if (principal.startsWith("arn:") && random.nextInt(3) != 0) {
            // KMS sets it on every request of an IAM caller; sometimes left for the evaluators to derive.
            context.put("kms:CallerAccount", List.of(accountOf(principal)));
        }
        common(context);
        return new OracleRequest(principal, action, KEY, context);
    }

    /**
     * Who calls: mostly CloudTrail for the trail, else another service, an anonymous caller or an
     * IAM principal. The principal's own keys are given as the caller sends them, or (one time in
     * three) left for each evaluator to derive.
     */
    private String caller(String trail, String account, Map<String, List<String>> context) {
        int who = random.nextInt(10);
        boolean derive = random.nextInt(3) == 0;
        if (who <= 6) {
            String service = who < 6 ? "cloudtrail.amazonaws.com" : pick(SERVICES);
            if (!derive) {
                context.put("aws:PrincipalServiceName", List.of(service));
                context.put("aws:PrincipalServiceNamesList", List.of(service));
                context.put("aws:PrincipalIsAWSService", List.of("true"));
            }
            // Services send the source; adversarial: another trail, or none at all.
            int source = random.nextInt(8);
            String sourceArn = source == 0 ? pick(TRAILS) : trail;
            if (source != 1) {
                context.put("aws:SourceArn", List.of(sourceArn));
            }
            if (source != 2) {
                context.put("aws:SourceAccount", List.of(source == 3 ? pick(AUDIT, MEMBER, STRANGER) : accountOf(sourceArn)));
            }
            return service;
        }
        if (who == 7) {
            return "*";
        }
        String arn = pick(IAM_CALLERS);
        if (!derive) {
            // A session's aws:PrincipalArn is its role's ARN.
            context.put("aws:PrincipalArn", List.of(arn.replaceFirst(
                    "^arn:aws:sts::(\\d{12}):assumed-role/([^/]+)/.*$", "arn:aws:iam::$1:role/$2")));
            context.put("aws:PrincipalAccount", List.of(accountOf(arn)));
            context.put("aws:PrincipalIsAWSService", List.of("false"));
        }
        if (random.nextInt(3) == 0) {
            context.put("aws:MultiFactorAuthAge", List.of(pick("60", "7200")));
        }
        return arn;
    }

    private void common(Map<String, List<String>> context) {
        if (random.nextInt(10) != 0) {
            context.put("aws:SecureTransport", List.of(random.nextInt(6) == 0 ? "false" : "true"));
        }
        if (random.nextInt(10) != 0) {
            context.put("aws:CurrentTime", List.of(NOW));
        }
    }

    // ------------------------------------------------------------ policies

    /**
     * One statement. Half of them are aimed at the request (its principal, an action pattern and a
     * resource pattern that cover it), so that conditions, Deny and NotPrincipal decide often;
     * the others draw every element from the pools.
     */
    private ObjectNode statement(boolean s3, OracleRequest request, int index) {
        boolean aimed = random.nextBoolean();
        ObjectNode statement = NODES.objectNode();
        if (random.nextBoolean()) {
            statement.put("Sid", "S" + index);
        }
        statement.put("Effect", random.nextInt(10) < 7 ? "Allow" : "Deny");
        principalElement(statement, request, aimed);
        if (aimed) {
            String action = request.action();
            String service = action.substring(0, action.indexOf(':'));
            statement.set("Action", strings(pickSome(action, action.toLowerCase(Locale.ROOT), service + ":*", "*",
                    action.substring(0, action.length() - 3) + "*")));
        } else if (random.nextInt(8) == 0) {
            statement.set("NotAction", strings(pick(s3 ? new String[] {"s3:GetBucketAcl", "s3:Delete*", "s3:PutObject*"}
                    : new String[] {"kms:Decrypt", "kms:Describe*", "kms:GenerateDataKey*"})));
        } else {
            statement.set("Action", strings(s3
                    ? pickSome("s3:PutObject", "s3:Put*", "s3:*", "*", "s3:GetBucketAcl", "s3:Get*", "s3:putobject",
                            "s3:PutObjectAcl", "s3:P?tObject")
                    : pickSome("kms:GenerateDataKey*", "kms:GenerateDataKey", "kms:*", "*", "kms:DescribeKey",
                            "kms:Decrypt", "kms:ReEncrypt*", "kms:Encrypt", "KMS:generatedatakey")));
        }
        if (aimed) {
            String resource = request.resource();
            int folder = resource.indexOf("/AWSLogs/");
            statement.set("Resource", strings(!s3 ? pickSome("*", KEY)
                    : folder < 0 ? pickSome(resource, "arn:aws:s3:::" + BUCKET + "*")
                    : pickSome(resource, resource.substring(0, folder + "/AWSLogs/".length() + 13) + "*",
                            resource.substring(0, folder) + "/AWSLogs/${aws:SourceAccount}/*", "arn:aws:s3:::" + BUCKET + "/*")));
        } else if (random.nextInt(10) == 0) {
            statement.set("NotResource", strings(s3
                    ? pickSome("arn:aws:s3:::" + BUCKET + "/" + PREFIX + "/AWSLogs/" + MEMBER + "/*",
                            "arn:aws:s3:::" + BUCKET, "arn:aws:s3:::" + BUCKET + "/*")
                    : pickSome(KEY, "arn:aws:kms:*:111111111111:key/other")));
        } else {
            statement.set("Resource", strings(s3 ? s3Resources(request) : pickSome("*", "*", KEY,
                    "arn:aws:kms:*:111111111111:key/*", "arn:aws:kms:us-east-1:111111111111:key/other")));
        }
        int conditions = random.nextInt(4);
        if (conditions > 0) {
            ObjectNode condition = statement.putObject("Condition");
            for (int i = 0; i < conditions; i++) {
                clause(condition, s3, request);
            }
        }
        return statement;
    }

    private String[] s3Resources(OracleRequest request) {
        String logs = "arn:aws:s3:::" + BUCKET + "/" + PREFIX + "/AWSLogs/";
        return pickSome(
                "arn:aws:s3:::" + BUCKET, "arn:aws:s3:::" + BUCKET + "/*", "*",
                logs + MEMBER + "/*", logs + AUDIT + "/*", logs + STRANGER + "/*",
                logs + "${aws:SourceAccount}/*", logs + "${aws:PrincipalAccount}/*",
                logs + "${aws:SourceAccount, 'none'}/*",
                "arn:aws:s3:::" + BUCKET + "/*/AWSLogs/" + MEMBER + "/CloudTrail/*",
                logs + MEMBER + "/CloudTrail-Digest/*", "arn:aws:s3:::central-trail-log?", "arn:aws:s3:::other-bucket/*",
                request.resource());
    }

    private void principalElement(ObjectNode statement, OracleRequest request, boolean aimed) {
        if (random.nextInt(6) == 0) {
            ObjectNode not = statement.putObject("NotPrincipal");
            if (random.nextInt(3) == 0) {
                not.set("Service", strings("cloudtrail.amazonaws.com"));
            } else {
                // "Everyone but ...": the audit account, a member, roles, a session, and the caller's own account.
                String callerAccount = request.principal().startsWith("arn:") ? accountOf(request.principal()) : AUDIT;
                not.set("AWS", strings(pickSome("arn:aws:iam::111111111111:root", "arn:aws:iam::111111111111:role/LogReader",
                        "222222222222", "arn:aws:iam::222222222222:role/Deployer",
                        "arn:aws:sts::222222222222:assumed-role/Deployer/deploy-1", "arn:aws:iam::" + callerAccount + ":root")));
            }
            return;
        }
        if (aimed) {
            // The request's own principal, in one of its natural forms.
            String who = request.principal();
            if (who.equals("*") || random.nextInt(5) == 0) {
                statement.put("Principal", "*");
            } else if (who.startsWith("arn:")) {
                statement.putObject("Principal").put("AWS", pick(who, accountOf(who), "arn:aws:iam::" + accountOf(who) + ":root",
                        who.replaceFirst("^arn:aws:sts::(\\d{12}):assumed-role/([^/]+)/.*$", "arn:aws:iam::$1:role/$2")));
            } else {
                statement.putObject("Principal").put("Service", who);
            }
            return;
        }
        switch (random.nextInt(8)) {
            case 0 -> statement.put("Principal", "*");
            case 1 -> statement.putObject("Principal").put("AWS", "*");
            case 2, 3 -> statement.putObject("Principal").put("Service", "cloudtrail.amazonaws.com");
            case 4 -> statement.putObject("Principal").set("Service",
                    strings(pickSome("cloudtrail.amazonaws.com", "config.amazonaws.com", "delivery.logs.amazonaws.com")));
            case 5 -> statement.putObject("Principal").set("AWS", strings(pickSome(AUDIT, MEMBER, STRANGER)));
            case 6 -> statement.putObject("Principal").set("AWS", strings(pickSome(
                    "arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root")));
            default -> statement.putObject("Principal").set("AWS", strings(pickSome(
                    "arn:aws:iam::111111111111:role/LogReader", "arn:aws:iam::222222222222:role/Deployer",
                    "arn:aws:iam::333333333333:role/Attacker")));
        }
    }

    /**
     * One "operator: {key: values}" added to the Condition (skipped when the key is already there under
     * that operator). Set qualifiers go mostly with the multivalued keys (kms:EncryptionContextKeys,
     * aws:PrincipalServiceNamesList), now and then with single-valued ones.
     */
    private void clause(ObjectNode condition, boolean s3, OracleRequest request) {
        String key = pick(s3
                ? new String[] {"aws:SourceArn", "aws:SourceAccount", "aws:PrincipalServiceName", "aws:PrincipalAccount",
                    "aws:SecureTransport", "aws:CurrentTime", "s3:x-amz-acl", "aws:PrincipalArn",
                    "aws:MultiFactorAuthAge", "s3:signatureAge", "aws:PrincipalServiceNamesList"}
                : new String[] {"aws:SourceArn", "aws:SourceAccount", "aws:PrincipalServiceName", "aws:PrincipalAccount",
                    "aws:SecureTransport", "aws:CurrentTime", "kms:EncryptionContext:aws:cloudtrail:arn",
                    "kms:CallerAccount", "kms:EncryptionContextKeys", "aws:MultiFactorAuthAge", "aws:PrincipalArn",
                    "aws:PrincipalServiceNamesList"});
        boolean multivalued = key.equals("kms:EncryptionContextKeys") || key.equals("aws:PrincipalServiceNamesList");
        String base = operatorFor(key);
        String operator = base;
        if (!base.equals("Null")) {
            int qualifier = random.nextInt(multivalued ? 3 : 8);
            if (qualifier == 0) {
                operator = "ForAllValues:" + operator;
            } else if (qualifier == 1) {
                operator = "ForAnyValue:" + operator;
            }
            if (random.nextInt(5) == 0) {
                operator += "IfExists";
            }
        }
        ObjectNode byKey = condition.has(operator) ? (ObjectNode) condition.get(operator) : condition.putObject(operator);
        if (byKey.has(key)) {
            return;
        }
        byKey.set(key, values(base, key, request));
    }

    /** An operator that fits the key's type (AWS documents each key's type). */
    private String operatorFor(String key) {
        if (random.nextInt(8) == 0) {
            return "Null";
        }
        return switch (key) {
            case "aws:SecureTransport" -> "Bool";
            case "aws:CurrentTime" -> "DateGreaterThan";
            case "aws:MultiFactorAuthAge", "s3:signatureAge" -> "NumericLessThan";
            case "aws:SourceArn", "aws:PrincipalArn" -> pick("StringEquals", "StringLike", "StringNotEquals",
                    "StringNotLike", "ArnLike", "ArnEquals", "ArnNotLike");
            default -> pick("StringEquals", "StringLike", "StringNotEquals", "StringNotLike");
        };
    }

    private JsonNode values(String operator, String key, OracleRequest request) {
        if (operator.equals("Null")) {
            return random.nextBoolean() ? NODES.textNode(pick("true", "false")) : NODES.booleanNode(random.nextBoolean());
        }
        if (operator.equals("Bool")) {
            return random.nextInt(4) == 0 ? NODES.booleanNode(random.nextBoolean()) : NODES.textNode(pick("true", "false"));
        }
        if (operator.equals("DateGreaterThan")) {
            return strings(pickSome("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", NOW, "2026-11-29"));
        }
        if (operator.equals("NumericLessThan")) {
            return strings(pickSome("3600", "1000", "60"));
        }
        List<String> pool = new ArrayList<>(switch (key) {
            case "aws:SourceArn", "kms:EncryptionContext:aws:cloudtrail:arn" -> List.of(TRAILS[0], TRAILS[1], TRAILS[2], TRAILS[3],
                    "arn:aws:cloudtrail:*:222222222222:trail/*", "arn:aws:cloudtrail:*:*:trail/*",
                    "arn:aws:cloudtrail:*:${aws:SourceAccount}:trail/*", "arn:aws:cloudtrail:us-east-1:2222*",
                    "arn:aws:cloudtrail:*:111111111111:trail/*", "arn:aws:cloudtrail:us-east-1:222222222222:trail/org-trai?");
            case "aws:SourceAccount", "aws:PrincipalAccount", "kms:CallerAccount" -> List.of(AUDIT, MEMBER, STRANGER,
                    "2222*", "${aws:PrincipalAccount}", "${aws:SourceAccount}");
            case "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList" -> List.of("cloudtrail.amazonaws.com", "config.amazonaws.com", "*.amazonaws.com");
            case "aws:PrincipalArn" -> List.of("arn:aws:iam::111111111111:role/LogReader", "arn:aws:iam::222222222222:*",
                    "arn:aws:iam::333333333333:role/Attacker", "arn:aws:iam::222222222222:root");
            case "s3:x-amz-acl" -> List.of("bucket-owner-full-control", "private", "bucket-owner-*");
            case "kms:EncryptionContextKeys" -> List.of("aws:cloudtrail:arn", "aws:s3:arn", "aws:*", "other");
            default -> throw new IllegalStateException(key);
        });
        if (key.equals("aws:SourceArn")) {
            // The usual way to pin a grant to the caller's own trails, so weighed up.
            pool.add("arn:aws:cloudtrail:*:${aws:SourceAccount}:trail/*");
            pool.add("arn:aws:cloudtrail:*:${aws:SourceAccount}:trail/*");
        }
        // Now and then exactly what the request carries.
        request.context().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
                .forEach(e -> pool.addAll(e.getValue()));
        return strings(pickSome(pool.toArray(String[]::new)));
    }

    // ------------------------------------------------------------ helpers

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** One value most of the time, else two or three distinct ones. */
    private String[] pickSome(String... choices) {
        int n = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            chosen.add(pick(choices));
        }
        return chosen.toArray(String[]::new);
    }

    /** One string as a JSON string, several as a list (IAM accepts both). */
    private JsonNode strings(String... values) {
        if (values.length == 1 && random.nextInt(4) != 0) {
            return NODES.textNode(values[0]);
        }
        ArrayNode list = NODES.arrayNode();
        for (String value : values) {
            list.add(value);
        }
        return list;
    }

    static String accountOf(String arn) {
        return arn.split(":", 6)[4];
    }
}
