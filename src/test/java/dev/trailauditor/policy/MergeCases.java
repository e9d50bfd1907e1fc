package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators for merge properties: registries, and current policies of foreign and drifted managed statements. */
final class MergeCases {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final List<CentralTarget> TARGETS = List.of(Registries.TARGET,
            new CentralTarget("aws", "logs-bucket", "", "arn:aws:kms:us-east-1:111122223333:key/k", "111122223333"));

    /** One merge input. */
    record Case(PolicyKind kind, CentralTarget target, List<Grantee> registered, Optional<PolicyDocument> current,
                boolean removeStale) {
        @Override
        public String toString() {
            return kind + " " + registered.size() + " members, removeStale=" + removeStale + ", current="
                    + current.map(PolicyDocument::toJson).orElse("none");
        }
    }

    private MergeCases() {}

    static Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.of(PolicyKind.class), Arbitraries.of(TARGETS), registries(1, 60),
                        registries(0, 5), Arbitraries.of(true, false))
                .flatAs((kind, target, registered, strangers, removeStale) ->
                        currentPolicies(kind, target, registered, strangers)
                                .map(current -> new Case(kind, target, registered, current, removeStale)));
    }

    /** Distinct 12-digit accounts (never the probes' foreign account), a few trail names and regions. */
    static Arbitrary<List<Grantee>> registries(int min, int max) {
        Arbitrary<Grantee> grantee = Combinators.combine(
                Arbitraries.longs().between(100_000_000_000L, 999_999_999_998L),
                Arbitraries.of("org-trail", "main", "audit-trail"),
                Arbitraries.of("eu-west-1", "us-east-1", "ap-northeast-1"))
                .as((account, name, region) -> new Grantee(Long.toString(account),
                        "arn:aws:cloudtrail:" + region + ":" + account + ":trail/" + name));
        return grantee.list().ofMinSize(min).ofMaxSize(max).uniqueElements(Grantee::accountId);
    }

    /** No policy, or foreign statements with managed ones (for some members and strangers, possibly drifted) among them. */
    private static Arbitrary<Optional<PolicyDocument>> currentPolicies(PolicyKind kind, CentralTarget target,
                                                                       List<Grantee> registered, List<Grantee> strangers) {
        Arbitrary<List<ObjectNode>> foreign = foreignStatement(target).list().ofMaxSize(6);
        Arbitrary<List<ObjectNode>> managed = Combinators.combine(Arbitraries.of(Shape.class),
                        Arbitraries.subsetOf(registered), Arbitraries.integers().between(0, 3))
                .as((shape, some, drift) -> drifted(ManagedStatements.forAll(kind, shape, target,
                        concat(new ArrayList<>(some), strangers)), drift));
        Arbitrary<PolicyDocument> policy = Combinators.combine(foreign, managed, Arbitraries.integers().between(0, 6),
                        Arbitraries.of("{}", "{\"Id\":\"their-id\"}"))
                .as((theirs, ours, at, header) -> {
                    List<ObjectNode> statements = new ArrayList<>(theirs);
                    statements.addAll(Math.min(at, statements.size()), ours);
                    ObjectNode root = parse(header);
                    root.put("Version", "2012-10-17");
                    root.set("Statement", statements.size() == 1 ? statements.get(0) : MAPPER.valueToTree(statements));
                    return PolicyDocument.parse(root.toString());
                });
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Optional.<PolicyDocument>empty())),
                Tuple.of(6, policy.map(Optional::of)));
    }

    /** Hand edits: drop the Condition of the first `count` statements. */
    private static List<ObjectNode> drifted(List<ObjectNode> statements, int count) {
        for (int i = 0; i < Math.min(count, statements.size()); i++) {
            statements.get(i).remove("Condition");
        }
        return statements;
    }

    private static Arbitrary<ObjectNode> foreignStatement(CentralTarget target) {
        String bucket = target.bucketArn();
        return Combinators.combine(
                Arbitraries.of("", "\"Sid\":\"Theirs1\",", "\"Sid\":\"AWSCloudTrailWrite-x\",", "\"Sid\":\"Trail Auditor?\","),
                Arbitraries.of("Allow", "Deny"),
                Arbitraries.of("\"*\"", "{\"AWS\":\"arn:aws:iam::123456789012:root\"}",
                        "{\"Service\":\"cloudtrail.amazonaws.com\"}", "{\"AWS\":[\"arn:aws:iam::111122223333:role/x\",\"444455556666\"]}"),
                Arbitraries.of("\"s3:GetObject\"", "\"s3:*\"", "[\"s3:PutObject\",\"s3:GetObject\"]", "\"kms:*\"",
                        "\"kms:Decrypt\"", "\"s3:GetBucketAcl\"", "\"kms:GenerateDataKey*\""),
                Arbitraries.of("\"*\"", "\"" + bucket + "\"", "\"" + bucket + "/*\"", "[\"arn:aws:s3:::other\",\"arn:aws:s3:::other/*\"]"),
                Arbitraries.of("", ",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":false}}",
                        ",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}",
                        ",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\"]}}"))
                .as((sid, effect, principal, action, resource, condition) -> parse("{" + sid + "\"Effect\":\"" + effect
                        + "\",\"Principal\":" + principal + ",\"Action\":" + action + ",\"Resource\":" + resource + condition + "}"));
    }

    private static List<Grantee> concat(List<Grantee> some, List<Grantee> strangers) {
        List<String> taken = some.stream().map(Grantee::accountId).toList();
        strangers.stream().filter(s -> !taken.contains(s.accountId())).forEach(some::add);
        return some;
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
