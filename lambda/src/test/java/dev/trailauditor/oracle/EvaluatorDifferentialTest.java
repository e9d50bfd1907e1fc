package dev.trailauditor.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailauditor.oracle.IamOracleCatalogueTest.Entry;
import dev.trailauditor.oracle.KnownDifferenceClasses.DifferenceClass;
import dev.trailauditor.oracle.OracleResult.Decision;
import dev.trailauditor.policy.AccessRequest;
import dev.trailauditor.policy.PolicyDecision;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyEvaluator;
import dev.trailauditor.policy.RequestPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The project's evaluator is never its own judge: the same policies and requests go through
 * {@link PolicyEvaluator#decide} and through the independent {@link IamOracle}.
 *
 * <ul>
 *   <li>Catalogue: every case of catalogue.json through our evaluator, compared with its documented
 *       {@code expected} and, for the figures, with the oracle. A case where our evaluator departs from
 *       the documentation fails unless known-evaluator-differences.json lists its id with a reason; a
 *       listed id that no longer differs fails too.</li>
 *   <li>Generated: {@value #GENERATED} bucket and key policies with requests, from a fixed seed
 *       ({@link PolicyCaseGenerator}), compared with the oracle. A disagreement fails unless it falls in
 *       a {@link KnownDifferenceClasses known difference class} that known-evaluator-differences.json
 *       lists with a reason, and the same case without what the class names makes the two agree (so a
 *       class cannot hide another difference). A listed class no generated case falls in fails too.</li>
 * </ul>
 *
 * Each part is one oracle batch.
 */
class EvaluatorDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KNOWN = "/oracle/known-evaluator-differences.json";

    static final int GENERATED = 2000;
    /** Fixed, so every run checks the same cases; -Ddifferential.seed=N explores others by hand. */
    static final long SEED = Long.getLong("differential.seed", 20261129L);

    /** A known difference: a catalogue case by id, or a class of generated cases by name. */
    record KnownDifference(String id, @JsonProperty("class") String differenceClass, String reason) {}

    @Test
    void evaluatorAgreesWithTheDocumentationAndTheOracle() {
        List<KnownDifference> known = read(KNOWN, new TypeReference<>() {});
        assertThat(known).allSatisfy(k -> {
            assertThat(k.id() == null).as("an entry names exactly one of id and class: " + k)
                    .isNotEqualTo(k.differenceClass() == null);
            assertThat(k.reason()).as("reason of " + k).isNotBlank();
        });
        Map<String, String> knownIds = known.stream().filter(k -> k.id() != null)
                .collect(Collectors.toMap(KnownDifference::id, KnownDifference::reason));
        Set<String> knownClasses = known.stream().map(KnownDifference::differenceClass).filter(name -> name != null)
                .collect(Collectors.toSet());
        assertThat(KnownDifferenceClasses.ALL.stream().map(DifferenceClass::name))
                .as("the difference classes of the test and of " + KNOWN).containsExactlyInAnyOrderElementsOf(knownClasses);

        List<String> problems = new ArrayList<>();
        String catalogue = catalogue(knownIds, problems);
        String generated = generated(problems);
        System.out.println("differential: " + catalogue + "; " + generated);
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------- catalogue

    private static String catalogue(Map<String, String> knownIds, List<String> problems) {
        List<Entry> entries = read("/oracle/catalogue.json", new TypeReference<>() {});
        Set<String> ids = entries.stream().map(Entry::id).collect(Collectors.toSet());
        knownIds.keySet().stream().filter(id -> !ids.contains(id))
                .forEach(id -> problems.add("catalogue: " + KNOWN + " names no catalogue case '" + id + "'"));
        List<OracleResult> oracle = new IamOracle().evaluate(entries.stream().map(Entry::toCase).toList());
        int withDocs = 0;
        int withOracle = 0;
        int listed = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            Decision ours;
            try {
                ours = ours(entry.toCase());
            } catch (RuntimeException e) {
                problems.add("catalogue " + entry.id() + ": our evaluator failed: " + e);
                continue;
            }
            if (!oracle.get(i).failed() && oracle.get(i).decision() == ours) {
                withOracle++;
            }
            boolean agrees = ours == entry.expected();
            if (agrees) {
                withDocs++;
            }
            if (agrees && knownIds.containsKey(entry.id())) {
                problems.add("catalogue " + entry.id() + ": listed in " + KNOWN + " but our evaluator now agrees with "
                        + "the documentation (" + ours + "): remove the entry");
            } else if (!agrees && knownIds.containsKey(entry.id())) {
                listed++;
            } else if (!agrees) {
                problems.add("catalogue " + entry.id() + ": documented " + entry.expected() + " (" + entry.why()
                        + "), our evaluator says " + ours + ", the oracle " + describe(oracle.get(i)));
            }
        }
        return String.format("catalogue %d cases, evaluator agrees with the documentation on %d (%d listed "
                + "differences), with the oracle on %d", entries.size(), withDocs, listed, withOracle);
    }

    // ---------------------------------------------------------------- generated

    private static String generated(List<String> problems) {
        PolicyCaseGenerator generator = new PolicyCaseGenerator(new Random(SEED));
        List<OracleCase> cases = new ArrayList<>();
        for (int i = 0; i < GENERATED; i++) {
            cases.add(generator.generate("g" + i));
        }
        // Every case a class covers goes to the oracle twice: as generated, and without what the classes name.
        Map<String, List<DifferenceClass>> covering = new LinkedHashMap<>();
        Map<String, OracleCase> neutral = new LinkedHashMap<>();
        for (OracleCase c : cases) {
            List<DifferenceClass> classes = KnownDifferenceClasses.covering(c);
            if (!classes.isEmpty()) {
                covering.put(c.id(), classes);
                neutral.put(c.id(), KnownDifferenceClasses.without(c, classes));
            }
        }
        List<OracleCase> batch = new ArrayList<>(cases);
        batch.addAll(neutral.values());
        Map<String, OracleResult> oracle = new IamOracle().evaluate(batch).stream()
                .collect(Collectors.toMap(OracleResult::id, Function.identity()));

        int agree = 0;
        int known = 0;
        Map<String, Integer> byClass = new TreeMap<>();
        Map<Decision, Integer> decisions = new TreeMap<>();
        for (OracleCase c : batch) {
            OracleResult result = oracle.get(c.id());
            if (result.failed()) {
                problems.add("generated " + c.id() + ": the oracle refused the case (a generator bug): " + result.error()
                        + "\n  " + show(c));
            } else if (!result.ignoredContextKeys().isEmpty()) {
                problems.add("generated " + c.id() + ": context keys the action does not have (a generator bug): "
                        + result.ignoredContextKeys());
            }
        }
        for (OracleCase c : cases) {
            OracleResult result = oracle.get(c.id());
            if (result.failed()) {
                continue;
            }
            decisions.merge(result.decision(), 1, Integer::sum);
            Decision ours = oursOrProblem(c, problems);
            if (ours == result.decision()) {
                agree++;
                continue;
            }
            List<DifferenceClass> classes = covering.getOrDefault(c.id(), List.of());
            OracleCase without = neutral.get(c.id());
            OracleResult withoutResult = without == null ? null : oracle.get(without.id());
            boolean explained = withoutResult != null && !withoutResult.failed()
                    && oursOrProblem(without, problems) == withoutResult.decision();
            if (explained) {
                known++;
                classes.forEach(dc -> byClass.merge(dc.name(), 1, Integer::sum));
                continue;
            }
            problems.add("generated " + c.id() + ": our evaluator says " + ours + ", the oracle " + result.decision()
                    + (classes.isEmpty() ? "" : " (classes " + classes.stream().map(DifferenceClass::name)
                            .toList() + " cover it, but without them the two still disagree)")
                    + "\n  " + show(c));
        }
        KnownDifferenceClasses.ALL.stream().map(DifferenceClass::name)
                .filter(name -> !byClass.containsKey(name))
                .forEach(name -> problems.add("generated: no disagreement falls in the known difference class '" + name
                        + "': if the difference is gone, remove the class from " + KNOWN + " and KnownDifferenceClasses"));
        return String.format("generated %d cases (seed %d; oracle %s), %d agree, %d known differences (by class %s)",
                cases.size(), SEED, decisions, agree, known, byClass);
    }

    private static Decision oursOrProblem(OracleCase c, List<String> problems) {
        try {
            return ours(c);
        } catch (RuntimeException e) {
            problems.add("generated " + c.id() + ": our evaluator failed: " + e + "\n  " + show(c));
            return null;
        }
    }

    // ---------------------------------------------------------------- both parts

    /** Our evaluator's decision, through the public API only. */
    static Decision ours(OracleCase c) {
        PolicyDecision decision = PolicyEvaluator.decide(PolicyDocument.parse(c.policy().toString()), requestOf(c));
        return switch (decision.decision()) {
            case ALLOWED -> Decision.ALLOWED;
            case IMPLICIT_DENY -> Decision.IMPLICITLY_DENIED;
            case EXPLICIT_DENY -> Decision.EXPLICITLY_DENIED;
        };
    }

    /**
     * The case's request as ours: the principal mapped, action, resource and context as given. Keys the
     * context lacks that the caller always sends, our AccessRequest derives as the oracle does
     * (oracle.mjs principalContext): aws:PrincipalServiceName, aws:PrincipalServiceNamesList and
     * aws:PrincipalIsAWSService for a service; aws:PrincipalArn (a session's role), aws:PrincipalAccount,
     * aws:PrincipalIsAWSService and, for KMS actions, kms:CallerAccount for an IAM principal; none for
     * an anonymous caller.
     */
    static AccessRequest requestOf(OracleCase c) {
        OracleRequest r = c.request();
        return new AccessRequest(principal(r.principal()), r.action(), r.resource(), r.context());
    }

    private static final Pattern SERVICE = Pattern.compile("[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?");
    private static final Pattern ROOT = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):root");

    /** The oracle's principal as ours: a service, an account's root, another IAM or STS ARN, or "*" (anonymous). */
    static RequestPrincipal principal(String principal) {
        if (principal.equals("*")) {
            return RequestPrincipal.anonymous();
        }
        if (SERVICE.matcher(principal).matches()) {
            return RequestPrincipal.service(principal);
        }
        Matcher root = ROOT.matcher(principal);
        return root.matches() ? RequestPrincipal.account(root.group(1)) : RequestPrincipal.iam(principal);
    }

    private static String describe(OracleResult result) {
        return result.failed() ? "refused the case (" + result.error() + ")" : String.valueOf(result.decision());
    }

    private static String show(OracleCase c) {
        try {
            return JSON.writeValueAsString(c);
        } catch (IOException e) {
            return c.toString();
        }
    }

    private static <T> T read(String resource, TypeReference<T> type) {
        try (InputStream in = EvaluatorDifferentialTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
