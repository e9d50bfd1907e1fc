package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One "operator: {key: values}" entry of a Condition block. */
record ConditionClause(String operator, String key, List<String> values) {

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
            if (ConditionOperator.parse(operator.getKey()).isEmpty()) {
                // Never silently reinterpreted: an unknown operator on a Deny would otherwise read as "allowed".
                throw new PolicyParseException(where + " has an unknown Condition operator '" + operator.getKey() + "'");
            }
            for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
                String valuesWhere = where + ": Condition " + operator.getKey() + " " + key.getKey();
                clauses.add(new ConditionClause(operator.getKey(), key.getKey(),
                        JsonValues.scalars(key.getValue(), valuesWhere)));
            }
        }
        return List.copyOf(clauses);
    }

    /** The operator was checked when the policy was read. */
    boolean matches(AccessRequest request) {
        return matches(request, false);
    }

    /** @param variables resolve policy variables in the values (a 2012-10-17 policy); an unresolved value matches nothing */
    boolean matches(AccessRequest request, boolean variables) {
        ConditionOperator op = ConditionOperator.parse(operator).orElseThrow();
        List<String> resolved = !variables ? values : values.stream()
                .map(value -> PolicyVariables.resolve(value, request, op.comparison().wildcards()))
                .flatMap(Optional::stream).toList();
        return op.test(resolved, request.contextValues(key));
    }
}
