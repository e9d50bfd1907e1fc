package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Action/NotAction or Resource/NotResource: wildcard patterns, possibly inverted. */
record PatternList(List<String> patterns, boolean negated) {

    /** Reads whichever of the two fields is present; null when neither is. */
    static PatternList parse(JsonNode statement, String field, String negatedField, String where) {
        JsonNode positive = statement.get(field);
        JsonNode negative = statement.get(negatedField);
        if (positive != null && negative != null) {
            throw new PolicyParseException(where + " has both " + field + " and " + negatedField);
        }
        if (positive == null && negative == null) {
            return null;
        }
        boolean isNegated = negative != null;
        String name = isNegated ? negatedField : field;
        return new PatternList(JsonValues.strings(isNegated ? negative : positive, where + " " + name), isNegated);
    }

    boolean matches(String value, boolean ignoreCase) {
        return matches(value, ignoreCase, Optional::of);
    }

    /** @param resolve the pattern with its policy variables resolved; empty when they cannot be (it then matches nothing) */
    boolean matches(String value, boolean ignoreCase, Function<String, Optional<String>> resolve) {
        boolean listed = patterns.stream().map(resolve).flatMap(Optional::stream)
                .anyMatch(pattern -> Wildcards.matches(pattern, value, ignoreCase));
        return listed != negated;
    }
}
