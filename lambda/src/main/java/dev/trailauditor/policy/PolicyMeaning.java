package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

/**
 * Compares statements by meaning, not text (DESIGN.md): a string equals a one-element list, the
 * order and repetition of list values do not matter, nor the order of fields, nor the case of
 * condition keys. So a policy that AWS or a person reformatted is not rewritten.
 */
final class PolicyMeaning {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PolicyMeaning() {}

    static boolean same(List<ObjectNode> these, List<ObjectNode> those) {
        return these.stream().map(PolicyMeaning::normalized).toList()
                .equals(those.stream().map(PolicyMeaning::normalized).toList());
    }

    static boolean same(ObjectNode one, ObjectNode other) {
        return normalized(one).equals(normalized(other));
    }

    static JsonNode normalized(ObjectNode statement) {
        ObjectNode result = NODES.objectNode();
        sortedFields(statement).forEach((field, value) -> result.set(field,
                field.equals("Condition") && value.isObject() ? normalizedCondition((ObjectNode) value) : normalized(value, false)));
        return result;
    }

    private static JsonNode normalizedCondition(ObjectNode condition) {
        ObjectNode result = NODES.objectNode();
        sortedFields(condition).forEach((operator, keys) -> result.set(operator, normalized(keys, true)));
        return result;
    }

    /** Scalars and scalar lists become sorted sets of text; objects get sorted (optionally lower-cased) keys. */
    private static JsonNode normalized(JsonNode node, boolean lowerCaseKeys) {
        if (node.isObject()) {
            ObjectNode result = NODES.objectNode();
            sortedFields((ObjectNode) node).forEach((key, value) ->
                    result.set(lowerCaseKeys ? key.toLowerCase(Locale.ROOT) : key, normalized(value, false)));
            return result;
        }
        boolean scalarList = node.isArray() && !node.isEmpty()
                && StreamSupport.stream(node.spliterator(), false).allMatch(JsonNode::isValueNode);
        if (node.isValueNode() || scalarList) {
            TreeSet<String> values = new TreeSet<>();
            if (node.isArray()) {
                node.forEach(item -> values.add(item.asText()));
            } else {
                values.add(node.asText());
            }
            ArrayNode set = NODES.arrayNode();
            values.forEach(set::add);
            return set;
        }
        ArrayNode list = NODES.arrayNode();
        node.forEach(item -> list.add(normalized(item, false)));
        return list;
    }

    private static Map<String, JsonNode> sortedFields(ObjectNode node) {
        Map<String, JsonNode> fields = new TreeMap<>();
        node.properties().forEach(entry -> fields.put(entry.getKey(), entry.getValue()));
        return fields;
    }
}
