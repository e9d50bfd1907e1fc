package dev.trailauditor.policy;

import java.util.List;
import java.util.stream.IntStream;

/** The capacity fleet of the issue: accounts 100000000000+i, one org-trail each, bucket central-trail-logs/org. */
final class Registries {
    static final CentralTarget TARGET = new CentralTarget("aws", "central-trail-logs", LogPrefix.of("org"),
            "arn:aws:kms:eu-west-1:100000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab", "100000000000", Fixtures.AT);

    private Registries() {}

    static List<Grantee> members(int count) {
        return IntStream.range(0, count).mapToObj(i -> member(100_000_000_000L + i)).toList();
    }

    static Grantee member(long account) {
        return new Grantee(Long.toString(account), Arn.of("arn:aws:cloudtrail:eu-west-1:" + account + ":trail/org-trail"));
    }

    /** A policy holding only these statements, as the auditor would write it for a bucket with no policy. */
    static PolicyDocument policyOf(List<com.fasterxml.jackson.databind.node.ObjectNode> statements) {
        return PolicyDocument.empty().withStatements(statements);
    }
}
