package dev.trailauditor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** DESIGN.md's merge promises, on random registries and random current policies. */
class MergePropertiesTest {
    private static final Set<String> ACTIONS = Set.of("s3:GetBucketAcl", "s3:PutObject", "kms:GenerateDataKey*",
            "kms:DescribeKey", "kms:Decrypt", "kms:ReEncryptFrom");

    private final PolicyMerger merger = new PolicyMerger();

    @Provide
    Arbitrary<MergeCases.Case> cases() {
        return MergeCases.cases();
    }

    @Property(tries = 300)
    void mergeIsIdempotent(@ForAll("cases") MergeCases.Case input) {
        MergeResult first = merge(input);
        // The generators must reach the interesting paths, or the properties prove little.
        Statistics.label("replaced").collect(!first.replaced().isEmpty());
        Statistics.label("removed").collect(!first.removed().isEmpty());
        Statistics.label("stale").collect(!first.staleAccounts().isEmpty());
        Statistics.label("still unmet").collect(!first.stillUnmet().isEmpty());
        Statistics.label("unchanged").collect(!first.changed());
        Statistics.label("shape").collect(String.valueOf(first.shape()));
        List.of("replaced", "removed", "stale", "still unmet", "unchanged").forEach(label ->
                Statistics.label(label).coverage(coverage -> coverage.check(true).count(c -> c > 0)));
        MergeResult second = merger.merge(input.kind(), Optional.of(first.document()), input.target(),
                input.registered(), input.removeStale());

        assertThat(second.changed()).isFalse();
        assertThat(second.document().toJson()).isEqualTo(first.document().toJson());
        assertThat(second.added()).isEmpty();
        assertThat(second.replaced()).isEmpty();
        assertThat(second.removed()).isEmpty();
    }

    @Property(tries = 300)
    void everyForeignStatementSurvivesUnchangedAndInOrder(@ForAll("cases") MergeCases.Case input) {
        MergeResult result = merge(input);

        assertThat(foreign(result.document())).isEqualTo(input.current().map(MergePropertiesTest::foreign).orElse(List.of()));
    }

    @Property(tries = 300)
    void everyRequirementIsMetUnlessAForeignDenyBlocksIt(@ForAll("cases") MergeCases.Case input) {
        MergeResult result = merge(input);
        if (result.refused()) {
            return; // nothing written: covered by staysWithinTheLimitOrWritesNothing
        }
        for (Grant grant : Grant.of(input.kind())) {
            for (Grantee grantee : input.registered()) {
                Verdict verdict = PolicyEvaluator.evaluate(result.document(), grant.requirement(input.target(), grantee));
                if (verdict.status() == Verdict.Status.DENIED) {
                    assertThat(verdict.statements()).noneMatch(ManagedStatements::isManaged);
                    assertThat(result.stillUnmet()).anySatisfy(line -> assertThat(line).contains(verdict.detail()));
                } else {
                    assertThat(verdict.status()).as(grant + " " + grantee + ": " + verdict.detail()).isEqualTo(Verdict.Status.MET);
                }
            }
        }
    }

    @Property(tries = 300)
    void staysWithinTheLimitOrWritesNothing(@ForAll("cases") MergeCases.Case input) {
        MergeResult result = merge(input);

        if (result.refused()) {
            assertThat(result.changed()).isFalse();
            assertThat(result.document().toJson())
                    .isEqualTo(input.current().orElseGet(PolicyDocument::empty).toJson());
        } else {
            assertThat(result.sizeAfter()).isLessThanOrEqualTo(input.kind().limitBytes());
            assertThat(result.roomLeft()).isEqualTo(input.kind().limitBytes() - result.document().sizeBytes());
        }
    }

    @Property(tries = 300)
    void neverWritesAPrincipalActionOrResourceOutsideTheShapes(@ForAll("cases") MergeCases.Case input) {
        MergeResult result = merge(input);
        CentralTarget target = input.target();
        String auditRoot = target.auditRoot();
        Stream<ObjectNode> written = Stream.concat(result.added().stream(),
                result.replaced().stream().map(MergeResult.Replacement::after));

        written.forEach(statement -> {
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            JsonNode principal = statement.get("Principal");
            assertThat(principal.toString()).isIn("{\"Service\":\"cloudtrail.amazonaws.com\"}", "{\"AWS\":\"" + auditRoot + "\"}");
            assertThat(texts(statement.get("Action"))).isSubsetOf(ACTIONS);
            for (String resource : texts(statement.get("Resource"))) {
                boolean allowed = input.kind() == PolicyKind.KEY ? resource.equals("*")
                        : resource.equals(target.bucketArn()) || resource.equals(target.allLogsPath())
                        || resource.matches(Pattern.quote(target.allLogsPath().replace("*", "")) + "\\d{12}/\\*");
                assertThat(allowed).as(resource).isTrue();
            }
        });
    }

    private MergeResult merge(MergeCases.Case input) {
        return merger.merge(input.kind(), input.current(), input.target(), input.registered(), input.removeStale());
    }

    private static List<ObjectNode> foreign(PolicyDocument policy) {
        return policy.statements().stream().filter(s -> !ManagedStatements.isManaged(s)).map(Statement::json).toList();
    }

    private static List<String> texts(JsonNode node) {
        return node.isArray() ? StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList()
                : List.of(node.asText());
    }
}
