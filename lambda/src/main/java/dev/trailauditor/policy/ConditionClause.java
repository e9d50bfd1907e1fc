package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One "operator: {key: values}" entry of a Condition block. The operator is parsed and the values
 * prepared once, when the policy is read: a policy is judged for many requests.
 */
final class ConditionClause {
    private final String operator;
    private final String key;
    private final ConditionOperator parsed;
    private final PolicyValues prepared;
    /** Some value holds a policy variable, to be resolved per request in a 2012-10-17 policy. */
    private final boolean hasVariables;

    private ConditionClause(String operator, String key, List<String> values, ConditionOperator parsed) {
        this.operator = operator;
        this.key = key;
        this.parsed = parsed;
        this.prepared = new PolicyValues(parsed.comparison(), values);
        this.hasVariables = values.stream().anyMatch(value -> value.contains("${"));
    }

    /** Reads a Condition element; the clauses of a statement AND together. */
    static List<ConditionClause> parseAll(JsonNode condition, String where) {
        if (condition == null) {
            return List.of();
        }
        if (!condition.isObject()) {
            throw new PolicyParseException(where + " has a Condition that is not an object");
        }
        List<ConditionClause> clauses = new ArrayList<>();
        for (Map.Entry<String, JsonNode> operator : condition.properties()) {
            if (!operator.getValue().isObject()) {
                throw new PolicyParseException(where + ": Condition operator " + operator.getKey()
                        + " must map condition keys to values");
            }
            // Never silently reinterpreted: an unknown operator on a Deny would otherwise read as "allowed".
            ConditionOperator parsed = ConditionOperator.parse(operator.getKey()).orElseThrow(() -> new PolicyParseException(
                    where + " has an unknown Condition operator '" + operator.getKey() + "'"));
            for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
                String valuesWhere = where + ": Condition " + operator.getKey() + " " + key.getKey();
                clauses.add(new ConditionClause(operator.getKey(), key.getKey(),
                        JsonValues.scalars(key.getValue(), valuesWhere), parsed));
            }
        }
        return List.copyOf(clauses);
    }

    /** The condition key as written. */
    String key() {
        return key;
    }

    /** The policy values as written, in order. */
    List<String> values() {
        return prepared.all();
    }

    /** @param variables resolve policy variables in the values (a 2012-10-17 policy); an unresolved value matches nothing */
    boolean matches(AccessRequest request, boolean variables) {
        PolicyValues policyValues = !(variables && hasVariables) ? prepared : new PolicyValues(parsed.comparison(),
                values().stream()
                        .map(value -> PolicyVariables.resolve(value, request, parsed.comparison().wildcards()))
                        .flatMap(Optional::stream).toList());
        return parsed.test(policyValues, request.contextValues(key));
    }

    @Override
    public String toString() {
        return operator + " " + key + " " + values();
    }
}
