package dev.trailauditor.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where our evaluator and the oracle are known to decide differently, as predicates on a generated
 * case. known-evaluator-differences.json gives each class its reason and source. Each class also says
 * how to take what it names out of a case: the differential test counts a disagreement as known only
 * when the case without it makes the two agree.
 */
final class KnownDifferenceClasses {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KnownDifferenceClasses() {}

    /**
     * @param covers  does the case hold what the class names?
     * @param without the case with what the class names taken out (or made harmless)
     */
    record DifferenceClass(String name, Predicate<OracleCase> covers, UnaryOperator<OracleCase> without) {}

    /** Multivalued keys the generator uses (the Service Authorization Reference types them ArrayOfString). */
    private static final Set<String> MULTIVALUED = Set.of("kms:encryptioncontextkeys", "aws:principalservicenameslist");

    static final List<DifferenceClass> ALL = List.of(
            // StringNotEquals, ArnNotLike... with a value whose policy variable has no value in the request.
            clauseClass("negated-operator-with-unresolved-variable", (clause, c) -> clause.negated()
                    && clause.values().stream().anyMatch(value -> hasUnresolvedVariable(value, c))),
            // ArnLike, ArnNotLike... with a policy variable in a value.
            clauseClass("arn-operator-value-with-variable", (clause, c) -> clause.base().startsWith("arn")
                    && clause.values().stream().anyMatch(value -> value.contains("${"))),
            // A multivalued key the request carries, under an operator without ForAllValues/ForAnyValue.
            clauseClass("multivalued-key-without-set-operator", (clause, c) -> !clause.setOperator()
                    && !clause.base().equals("null") && MULTIVALUED.contains(clause.key().toLowerCase(Locale.ROOT))
                    && EvaluatorDifferentialTest.requestOf(c).contextValues(clause.key()).isPresent()),
            // NotPrincipal lists the caller's account (or a session's role) but not the caller itself.
            new DifferenceClass("notprincipal-names-only-a-parent-of-the-caller",
                    c -> statements(c).stream().anyMatch(s -> exemptsOnlyAParent(s, c.request().principal())),
                    KnownDifferenceClasses::withTheCallerInNotPrincipal));

    /** The classes that cover the case, in {@link #ALL}'s order. */
    static List<DifferenceClass> covering(OracleCase c) {
        return ALL.stream().filter(dc -> dc.covers().test(c)).toList();
    }

    /** The case without what these classes name, under a new id. */
    static OracleCase without(OracleCase c, List<DifferenceClass> classes) {
        OracleCase result = c;
        for (DifferenceClass dc : classes) {
            result = dc.without().apply(result);
        }
        return new OracleCase(c.id() + "/without-known-differences", result.policy(), result.resourceAccount(),
                result.request());
    }

    // ---------------------------------------------------------------- condition clauses

    /** One "operator: {key: values}" of a statement's Condition, as written. */
    record Clause(String operator, String key, List<String> values) {
        /** The operator in lower case without ForAnyValue:/ForAllValues: and IfExists. */
        String base() {
            String lower = operator.toLowerCase(Locale.ROOT);
            lower = lower.substring(lower.indexOf(':') + 1);
            return lower.endsWith("ifexists") ? lower.substring(0, lower.length() - "ifexists".length()) : lower;
        }

        boolean negated() {
            return base().contains("not");
        }

        boolean setOperator() {
            return operator.contains(":");
        }
    }

    private interface ClauseTest {
        boolean test(Clause clause, OracleCase c);
    }

    /** A class of condition clauses: a case holds one, and the case without them drops those clauses. */
    private static DifferenceClass clauseClass(String name, ClauseTest test) {
        return new DifferenceClass(name,
                c -> statements(c).stream().anyMatch(s -> clauses(s).stream().anyMatch(clause -> test.test(clause, c))),
                c -> withoutClauses(c, clause -> test.test(clause, c)));
    }

    private static List<Clause> clauses(JsonNode statement) {
        List<Clause> clauses = new ArrayList<>();
        JsonNode condition = statement.get("Condition");
        if (condition != null) {
            for (Map.Entry<String, JsonNode> operator : condition.properties()) {
                for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
                    clauses.add(new Clause(operator.getKey(), key.getKey(), texts(key.getValue())));
                }
            }
        }
        return clauses;
    }

    private static OracleCase withoutClauses(OracleCase c, Predicate<Clause> drop) {
        ObjectNode policy = (ObjectNode) c.policy().deepCopy();
        for (JsonNode statement : statementList(policy)) {
            JsonNode condition = statement.get("Condition");
            if (condition == null) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operator : condition.properties()) {
                operator.getValue().properties().removeIf(key ->
                        drop.test(new Clause(operator.getKey(), key.getKey(), texts(key.getValue()))));
            }
            condition.properties().removeIf(operator -> operator.getValue().isEmpty());
            if (condition.isEmpty()) {
                ((ObjectNode) statement).remove("Condition");
            }
        }
        return new OracleCase(c.id(), policy, c.resourceAccount(), c.request());
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{\\s*([^,}\\s]+)\\s*(,[^}]*)?}");

    /** Does the value hold a policy variable, without a default, whose key has no single value in the request? */
    static boolean hasUnresolvedVariable(String value, OracleCase c) {
        Matcher variable = VARIABLE.matcher(value);
        while (variable.find()) {
            String key = variable.group(1);
            if (variable.group(2) == null && !Set.of("*", "?", "$").contains(key)
                    && EvaluatorDifferentialTest.requestOf(c).contextValues(key)
                            .filter(values -> values.size() == 1).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- NotPrincipal

    private static final Pattern IAM_CALLER = Pattern.compile("arn:aws:(?:iam|sts)::(\\d{12}):(.+)");
    private static final Pattern SESSION = Pattern.compile("arn:aws:sts::(\\d{12}):assumed-role/([^/]+)/.+");

    /** The NotPrincipal AWS values of a statement (none when it has no NotPrincipal). */
    private static List<String> notPrincipalAws(JsonNode statement) {
        JsonNode not = statement.get("NotPrincipal");
        return not == null || !not.has("AWS") ? List.of() : texts(not.get("AWS"));
    }

    /** Does the NotPrincipal list the caller's account or (for a session) its role, but not the caller? */
    private static boolean exemptsOnlyAParent(JsonNode statement, String caller) {
        Matcher iam = IAM_CALLER.matcher(caller);
        if (!iam.matches() || iam.group(2).equals("root")) {
            return false;
        }
        String account = iam.group(1);
        List<String> parents = new ArrayList<>(List.of(account, "arn:aws:iam::" + account + ":root"));
        Matcher session = SESSION.matcher(caller);
        if (session.matches()) {
            parents.add("arn:aws:iam::" + account + ":role/" + session.group(2));
        }
        List<String> listed = notPrincipalAws(statement);
        return !listed.contains(caller) && listed.stream().anyMatch(parents::contains);
    }

    /** The case with the caller added to each NotPrincipal that lists only a parent of it. */
    private static OracleCase withTheCallerInNotPrincipal(OracleCase c) {
        ObjectNode policy = (ObjectNode) c.policy().deepCopy();
        String caller = c.request().principal();
        for (JsonNode statement : statementList(policy)) {
            if (exemptsOnlyAParent(statement, caller)) {
                ArrayNode aws = NODES.arrayNode();
                notPrincipalAws(statement).forEach(aws::add);
                aws.add(caller);
                ((ObjectNode) statement.get("NotPrincipal")).set("AWS", aws);
            }
        }
        return new OracleCase(c.id(), policy, c.resourceAccount(), c.request());
    }

    // ---------------------------------------------------------------- JSON

    private static List<JsonNode> statements(OracleCase c) {
        return statementList(c.policy());
    }

    private static List<JsonNode> statementList(JsonNode policy) {
        JsonNode statements = policy.get("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else {
            list.add(statements);
        }
        return list;
    }

    /** A string, boolean or number, or a list of them, as text. */
    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> texts.add(item.asText()));
        } else {
            texts.add(node.asText());
        }
        return texts;
    }
}
