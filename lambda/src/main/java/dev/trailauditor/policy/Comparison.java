package dev.trailauditor.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The base of a condition operator (the name without ForAnyValue:/ForAllValues: and IfExists).
 * A negated comparison is true when the positive one is not, e.g. StringNotEquals = not StringEquals.
 * Each matcher takes (policy value, request value).
 */
enum Comparison {
    STRING_EQUALS("StringEquals", false, String::equals),
    STRING_NOT_EQUALS("StringNotEquals", true, String::equals),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, String::equalsIgnoreCase),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, String::equalsIgnoreCase),
    STRING_LIKE("StringLike", false, Comparison::stringLike),
    STRING_NOT_LIKE("StringNotLike", true, Comparison::stringLike),
    NUMERIC_EQUALS("NumericEquals", false, ScalarValues.numeric(order -> order == 0)),
    NUMERIC_NOT_EQUALS("NumericNotEquals", true, ScalarValues.numeric(order -> order == 0)),
    NUMERIC_LESS_THAN("NumericLessThan", false, ScalarValues.numeric(order -> order < 0)),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", false, ScalarValues.numeric(order -> order <= 0)),
    NUMERIC_GREATER_THAN("NumericGreaterThan", false, ScalarValues.numeric(order -> order > 0)),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", false, ScalarValues.numeric(order -> order >= 0)),
    DATE_EQUALS("DateEquals", false, ScalarValues.date(order -> order == 0)),
    DATE_NOT_EQUALS("DateNotEquals", true, ScalarValues.date(order -> order == 0)),
    DATE_LESS_THAN("DateLessThan", false, ScalarValues.date(order -> order < 0)),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", false, ScalarValues.date(order -> order <= 0)),
    DATE_GREATER_THAN("DateGreaterThan", false, ScalarValues.date(order -> order > 0)),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", false, ScalarValues.date(order -> order >= 0)),
    BOOL("Bool", false, String::equalsIgnoreCase),
    BINARY_EQUALS("BinaryEquals", false, String::equals),
    IP_ADDRESS("IpAddress", false, ScalarValues::inIpRange),
    NOT_IP_ADDRESS("NotIpAddress", true, ScalarValues::inIpRange),
    // AWS documents ArnEquals and ArnLike as the same comparison (both take wildcards).
    ARN_EQUALS("ArnEquals", false, Wildcards::arnMatches),
    ARN_LIKE("ArnLike", false, Wildcards::arnMatches),
    ARN_NOT_EQUALS("ArnNotEquals", true, Wildcards::arnMatches),
    ARN_NOT_LIKE("ArnNotLike", true, Wildcards::arnMatches),
    /** Null tests presence of the key, not its values; see {@link ConditionOperator}. */
    NULL("Null", false, (policy, actual) -> false);

    private final String awsName;
    private final boolean negated;
    private final BiPredicate<String, String> matcher;

    Comparison(String awsName, boolean negated, BiPredicate<String, String> matcher) {
        this.awsName = awsName;
        this.negated = negated;
        this.matcher = matcher;
    }

    static Optional<Comparison> named(String name) {
        return Arrays.stream(values()).filter(c -> c.awsName.equalsIgnoreCase(name)).findFirst();
    }

    boolean negated() {
        return negated;
    }

    /** Do policy values hold wildcards ('*', '?')? Then a literal '*' from ${*} must be kept apart. */
    boolean wildcards() {
        return this == STRING_LIKE || this == STRING_NOT_LIKE || name().startsWith("ARN_");
    }

    /**
     * Does this policy value match a request value only when the two are equal (case and all)? So for
     * the case-sensitive string comparisons, and for a StringLike pattern without a wildcard.
     */
    boolean exactly(String policyValue) {
        return switch (this) {
            case STRING_EQUALS, STRING_NOT_EQUALS, BINARY_EQUALS -> true;
            case STRING_LIKE, STRING_NOT_LIKE -> policyValue.indexOf('*') < 0 && policyValue.indexOf('?') < 0
                    && policyValue.indexOf(PolicyVariables.LITERAL_STAR) < 0
                    && policyValue.indexOf(PolicyVariables.LITERAL_QUESTION) < 0;
            default -> false;
        };
    }

    /** The positive comparison: does the request value match one policy value? */
    boolean matchesAny(List<String> policyValues, String requestValue) {
        return policyValues.stream().anyMatch(policyValue -> matcher.test(policyValue, requestValue));
    }

    private static boolean stringLike(String pattern, String value) {
        return Wildcards.matches(pattern, value, false);
    }
}
