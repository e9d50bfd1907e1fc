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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN.md's merge promises as properties, each checked on the same {@value MergeCases#COUNT}
 * seeded random registries and current policies (see {@link MergeCases}).
 */
class MergePropertiesTest {
    private static final Set<String> ACTIONS = Set.of("s3:GetBucketAcl", "s3:PutObject", "kms:GenerateDataKey*",
            "kms:DescribeKey", "kms:Decrypt", "kms:ReEncryptFrom");

    private final PolicyMerger merger = new PolicyMerger();

    static Stream<MergeCases.Case> cases() {
        return MergeCases.all();
    }

    /** The cases must reach the interesting paths, or the properties prove little. */
    @Test
    void theCasesReachEveryPathOfTheMerge() {
        java.util.Set<String> reached = new java.util.TreeSet<>();
        cases().map(this::merge).forEach(r -> {
            reached.add(r.changed() ? "changed" : "unchanged");
            reached.add("shape " + r.shape());
            if (!r.replaced().isEmpty()) {
                reached.add("replaced");
            }
            if (!r.removed().isEmpty()) {
                reached.add("removed");
            }
            if (!r.staleAccounts().isEmpty()) {
                reached.add("stale");
            }
            if (!r.stillUnmet().isEmpty()) {
                reached.add("still unmet");
            }
        });

        assertThat(reached).contains("changed", "unchanged", "replaced", "removed", "stale", "still unmet",
                "shape PER_MEMBER", "shape LISTED");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void mergeIsIdempotent(MergeCases.Case input) {
        MergeResult first = merge(input);
        MergeResult second = merger.merge(input.kind(), Optional.of(first.document()), input.target(),
                input.registered(), input.removeStale());

        assertThat(second.changed()).isFalse();
        assertThat(second.document().toJson()).isEqualTo(first.document().toJson());
        assertThat(second.added()).isEmpty();
        assertThat(second.replaced()).isEmpty();
        assertThat(second.removed()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyForeignStatementSurvivesUnchangedAndInOrder(MergeCases.Case input) {
        MergeResult result = merge(input);

        assertThat(foreign(result.document())).isEqualTo(input.current().map(MergePropertiesTest::foreign).orElse(List.of()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyRequirementIsMetUnlessAForeignDenyBlocksIt(MergeCases.Case input) {
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

    @ParameterizedTest
    @MethodSource("cases")
    void staysWithinTheLimitOrWritesNothing(MergeCases.Case input) {
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

    @ParameterizedTest
    @MethodSource("cases")
    void neverWritesAPrincipalActionOrResourceOutsideTheShapes(MergeCases.Case input) {
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
                        : resource.equals(target.bucketArn()) || resource.equals(target.ownLogsPath())
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
