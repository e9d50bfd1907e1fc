package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
            for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
                String valuesWhere = where + ": Condition " + operator.getKey() + " " + key.getKey();
                clauses.add(new ConditionClause(operator.getKey(), key.getKey(),
                        JsonValues.scalars(key.getValue(), valuesWhere)));
            }
        }
        return List.copyOf(clauses);
    }

    /** An operator we do not recognise never matches: we would rather miss a grant than invent one. */
    boolean matches(AccessRequest request) {
        return ConditionOperator.parse(operator)
                .map(op -> op.test(values, request.contextValues(key)))
                .orElse(false);
    }
}
