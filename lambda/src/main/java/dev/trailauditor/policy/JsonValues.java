package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads the "a string or a list of strings" shape IAM uses almost everywhere. */
final class JsonValues {
    private JsonValues() {}

    /** Action, Resource and Principal values: strings only. */
    static List<String> strings(JsonNode node, String where) {
        return read(node, where, false);
    }

    /** Condition values: AWS also accepts bare booleans and numbers (e.g. {"Bool": {"aws:SecureTransport": false}}). */
    static List<String> scalars(JsonNode node, String where) {
        return read(node, where, true);
    }

    private static List<String> read(JsonNode node, String where, boolean scalarsAllowed) {
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            node.forEach(item -> values.add(one(item, where, scalarsAllowed)));
            return List.copyOf(values);
        }
        return List.of(one(node, where, scalarsAllowed));
    }

    private static String one(JsonNode node, String where, boolean scalarsAllowed) {
        if (node.isTextual() || (scalarsAllowed && (node.isBoolean() || node.isNumber()))) {
            return node.asText();
        }
        throw new PolicyParseException(where + " must be a string or a list of strings");
    }

    /** An optional string field such as Sid, Version or Id. */
    static String optionalText(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw new PolicyParseException(where + " has a " + field + " that is not a string");
        }
        return node.asText();
    }
}
