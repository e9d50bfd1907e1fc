package dev.trailauditor.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailauditor.oracle.OracleResult.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The oracle against a hand-written catalogue of cases whose expected decisions come from AWS's
 * documentation, not from the simulator. Where the simulator departs from the documentation the
 * case stays as documented and is listed, with the reason, in known-oracle-differences.json; an
 * entry there that no longer differs fails, so the list stays true.
 */
class IamOracleCatalogueTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A catalogue entry: an oracle case plus what AWS's documented logic decides, and why. */
    record Entry(String id, Decision expected, String why, String resourceAccount, OracleRequest request,
                 JsonNode policy) {
        OracleCase toCase() {
            return new OracleCase(id, policy, resourceAccount, request);
        }
    }

    record KnownDifference(String id, String reason) {}

    @Test
    void oracleAgreesWithTheCatalogueExceptForTheKnownDifferences() {
        List<Entry> catalogue = read("/oracle/catalogue.json", new TypeReference<>() {});
        List<KnownDifference> known = read("/oracle/known-oracle-differences.json", new TypeReference<>() {});
        assertWellFormed(catalogue, known);

        List<OracleResult> results = new IamOracle().evaluate(catalogue.stream().map(Entry::toCase).toList());

        Map<String, String> reasons = known.stream().collect(Collectors.toMap(KnownDifference::id, KnownDifference::reason));
        List<String> problems = new ArrayList<>();
        int agree = 0;
        for (int i = 0; i < catalogue.size(); i++) {
            Entry entry = catalogue.get(i);
            OracleResult result = results.get(i);
            if (result.failed()) {
                problems.add(entry.id() + ": the simulator refused the case: " + result.error());
            } else if (!result.ignoredContextKeys().isEmpty()) {
                // A catalogue request carries only keys its action has, so what it states is what is evaluated.
                problems.add(entry.id() + ": context keys the action does not have: " + result.ignoredContextKeys());
            } else if (result.decision() == entry.expected()) {
                agree++;
                if (reasons.containsKey(entry.id())) {
                    problems.add(entry.id() + ": listed as a known difference but the oracle now agrees ("
                            + result.decision() + "): remove it from known-oracle-differences.json");
                }
            } else if (!reasons.containsKey(entry.id())) {
                problems.add(entry.id() + ": expected " + entry.expected() + " (" + entry.why() + "), oracle says "
                        + result.decision());
            }
        }
        System.out.printf("oracle: %d/%d agree with the catalogue, %d known differences%n",
                agree, catalogue.size(), known.size());
        assertThat(problems).isEmpty();
        assertThat(agree + known.size()).isEqualTo(catalogue.size());
    }

    private static void assertWellFormed(List<Entry> catalogue, List<KnownDifference> known) {
        assertThat(catalogue).hasSizeGreaterThanOrEqualTo(80);
        assertThat(catalogue).extracting(Entry::id).doesNotHaveDuplicates().allMatch(id -> !id.isBlank());
        assertThat(catalogue).allSatisfy(entry -> {
            assertThat(entry.expected()).as(entry.id() + " expected").isNotNull();
            assertThat(entry.why()).as(entry.id() + " why").isNotBlank();
        });
        Map<String, Entry> byId = catalogue.stream()
                .collect(Collectors.toMap(Entry::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        assertThat(known).extracting(KnownDifference::id).doesNotHaveDuplicates()
                .as("known differences name catalogue cases").allMatch(byId::containsKey);
        assertThat(known).allSatisfy(difference ->
                assertThat(difference.reason()).as(difference.id() + " reason").isNotBlank());
    }

    private static <T> T read(String resource, TypeReference<T> type) {
        try (InputStream in = IamOracleCatalogueTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
