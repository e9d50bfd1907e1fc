package dev.trailauditor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.report.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What a write did to a policy, statement by statement, read back from the account: "-" for a
 * statement that went, "+" for one that came. Unchanged statements are not shown.
 */
final class PolicyDiff {
    private PolicyDiff() {}

    static List<String> lines(String before, String after) {
        List<JsonNode> old = statements(before);
        List<JsonNode> now = statements(after);
        List<String> lines = new ArrayList<>();
        old.stream().filter(s -> !now.contains(s)).forEach(s -> lines.add("- " + s));
        now.stream().filter(s -> !old.contains(s)).forEach(s -> lines.add("+ " + s));
        return lines;
    }

    private static List<JsonNode> statements(String policy) {
        if (policy == null || policy.isBlank()) {
            return List.of();
        }
        try {
            JsonNode statement = Json.MAPPER.readTree(policy).path("Statement");
            List<JsonNode> list = new ArrayList<>();
            (statement.isArray() ? statement : List.of(statement)).forEach(list::add);
            return list;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON policy: " + e.getOriginalMessage(), e);
        }
    }
}
