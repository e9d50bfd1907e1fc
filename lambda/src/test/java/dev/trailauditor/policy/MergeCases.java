package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Random merge inputs for the property tests: registries, and current policies made of foreign
 * statements and (possibly drifted or stale) managed ones. Seeded, so every run checks the same
 * cases and a failure names the seed that reproduces it.
 */
final class MergeCases {
    static final int COUNT = 300;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final List<CentralTarget> TARGETS = List.of(Registries.TARGET,
            new CentralTarget("aws", "logs-bucket", LogPrefix.NONE, "arn:aws:kms:us-east-1:111122223333:key/k", "111122223333",
                    Fixtures.AT));

    /** One merge input. */
    record Case(long seed, PolicyKind kind, CentralTarget target, List<Grantee> registered, Optional<PolicyDocument> current,
                boolean removeStale) {
        @Override
        public String toString() {
            return "seed " + seed + ": " + kind + ", " + registered.size() + " members, removeStale=" + removeStale;
        }
    }

    private MergeCases() {}

    static Stream<Case> all() {
        return IntStream.range(0, COUNT).mapToObj(seed -> generate(seed));
    }

    static Case generate(long seed) {
        // Neighbouring seeds give java.util.Random correlated first values: spread them first.
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        // The bucket and key policies; the bus policy, one statement of accounts, has its own cases (EventBusPolicyMergeTest).
        PolicyKind kind = pick(random, PolicyKind.BUCKET, PolicyKind.KEY);
        CentralTarget target = pick(random, TARGETS.toArray(CentralTarget[]::new));
        List<Grantee> registered = registry(random, 1, 60);
        List<Grantee> strangers = registry(random, 0, 5);
        boolean removeStale = random.nextBoolean();
        Optional<PolicyDocument> current = random.nextInt(7) == 0 ? Optional.empty()
                : Optional.of(currentPolicy(random, kind, target, registered, strangers));
        if (random.nextInt(6) == 0) {
            // A policy the auditor already put right, as most nights find it.
            current = Optional.of(new PolicyMerger().merge(kind, current, target, registered, removeStale).document());
        }
        return new Case(seed, kind, target, registered, current, removeStale);
    }

    /** Distinct 12-digit accounts (never the probes' foreign account), a few trail names and regions. */
    static List<Grantee> registry(Random random, int min, int max) {
        Map<String, Grantee> byAccount = new LinkedHashMap<>();
        int size = min + random.nextInt(max - min + 1);
        while (byAccount.size() < size) {
            String account = Long.toString(100_000_000_000L + (long) (random.nextDouble() * 899_999_999_998L));
            String arn = "arn:aws:cloudtrail:" + pick(random, "eu-west-1", "us-east-1", "ap-northeast-1") + ":" + account
                    + ":trail/" + pick(random, "org-trail", "main", "audit-trail");
            byAccount.putIfAbsent(account, new Grantee(account, Arn.of(arn)));
        }
        return new ArrayList<>(byAccount.values());
    }

    /** Foreign statements with managed ones (for some members and strangers, possibly drifted) among them. */
    private static PolicyDocument currentPolicy(Random random, PolicyKind kind, CentralTarget target,
                                                List<Grantee> registered, List<Grantee> strangers) {
        List<ObjectNode> statements = new ArrayList<>();
        IntStream.range(0, random.nextInt(7)).forEach(i -> statements.add(foreignStatement(random, target)));
        List<Grantee> some = new ArrayList<>(registered.stream().filter(g -> random.nextBoolean()).toList());
        strangers.stream().filter(s -> some.stream().noneMatch(g -> g.accountId().equals(s.accountId()))).forEach(some::add);
        List<ObjectNode> ours = drifted(ManagedStatements.forAll(kind, pick(random, Shape.values()), target, some),
                random.nextInt(4));
        statements.addAll(random.nextInt(statements.size() + 1), ours);
        ObjectNode root = parse(random.nextBoolean() ? "{}" : "{\"Id\":\"their-id\"}");
        root.put("Version", "2012-10-17");
        // Statement as a single object is valid IAM too.
        root.set("Statement", statements.size() == 1 ? statements.get(0) : MAPPER.valueToTree(statements));
        return PolicyDocument.parse(root.toString());
    }

    /** Hand edits: drop the Condition of the first `count` statements. */
    private static List<ObjectNode> drifted(List<ObjectNode> statements, int count) {
        for (int i = 0; i < Math.min(count, statements.size()); i++) {
            statements.get(i).remove("Condition");
        }
        return statements;
    }

    private static ObjectNode foreignStatement(Random random, CentralTarget target) {
        String bucket = target.bucketArn();
        String sid = pick(random, "", "\"Sid\":\"Theirs1\",", "\"Sid\":\"AWSCloudTrailWrite-x\",", "\"Sid\":\"Trail Auditor?\",");
        String effect = pick(random, "Allow", "Deny");
        String principal = pick(random, "\"*\"", "{\"AWS\":\"arn:aws:iam::123456789012:root\"}",
                "{\"Service\":\"cloudtrail.amazonaws.com\"}", "{\"AWS\":[\"arn:aws:iam::111122223333:role/x\",\"444455556666\"]}");
        String action = pick(random, "\"s3:GetObject\"", "\"s3:*\"", "[\"s3:PutObject\",\"s3:GetObject\"]", "\"kms:*\"",
                "\"kms:Decrypt\"", "\"s3:GetBucketAcl\"", "\"kms:GenerateDataKey*\"");
        String resource = pick(random, "\"*\"", "\"" + bucket + "\"", "\"" + bucket + "/*\"",
                "[\"arn:aws:s3:::other\",\"arn:aws:s3:::other/*\"]");
        String condition = pick(random, "", ",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":false}}",
                ",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}",
                ",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\"]}}");
        return parse("{" + sid + "\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":" + action
                + ",\"Resource\":" + resource + condition + "}");
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
