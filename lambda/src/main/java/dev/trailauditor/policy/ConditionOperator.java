package dev.trailauditor.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A condition operator as written, e.g. "ForAnyValue:StringLikeIfExists": an optional set
 * qualifier, a {@link Comparison}, and an optional IfExists. Semantics follow the IAM docs.
 */
record ConditionOperator(SetQualifier set, Comparison comparison, boolean ifExists) {

    enum SetQualifier { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }

    private static final String FOR_ANY_VALUE = "foranyvalue:";
    private static final String FOR_ALL_VALUES = "forallvalues:";
    private static final String IF_EXISTS = "ifexists";

    /** Empty for a name we do not recognise; callers then treat the condition as not matching. */
    static Optional<ConditionOperator> parse(String name) {
        String rest = name.toLowerCase(Locale.ROOT);
        SetQualifier set = SetQualifier.NONE;
        if (rest.startsWith(FOR_ANY_VALUE)) {
            set = SetQualifier.FOR_ANY_VALUE;
            rest = rest.substring(FOR_ANY_VALUE.length());
        } else if (rest.startsWith(FOR_ALL_VALUES)) {
            set = SetQualifier.FOR_ALL_VALUES;
            rest = rest.substring(FOR_ALL_VALUES.length());
        }
        boolean ifExists = rest.endsWith(IF_EXISTS);
        if (ifExists) {
            rest = rest.substring(0, rest.length() - IF_EXISTS.length());
        }
        Optional<Comparison> comparison = Comparison.named(rest);
        if (comparison.isEmpty() || (comparison.get() == Comparison.NULL && ifExists)) {
            return Optional.empty();
        }
        SetQualifier qualifier = set;
        return comparison.map(c -> new ConditionOperator(qualifier, c, ifExists));
    }

    /**
     * Does the request satisfy "key op policyValues"? requestValues is empty when the key is
     * absent from the request context.
     */
    boolean test(PolicyValues policyValues, Optional<List<String>> requestValues) {
        if (comparison == Comparison.NULL) {
            boolean absent = requestValues.isEmpty();
            // {"Null": {"key": "true"}} means "key is absent".
            return policyValues.all().stream().anyMatch(v -> v.equalsIgnoreCase(String.valueOf(absent)));
        }
        if (requestValues.isEmpty()) {
            return absentKeyResult();
        }
        List<String> values = requestValues.get();
        // One request value satisfies a negated operator when it matches none of the policy values.
        Predicate<String> satisfies = value ->
                policyValues.matchesAny(value) != comparison.negated();
        return switch (set) {
            case FOR_ALL_VALUES -> values.stream().allMatch(satisfies);
            case FOR_ANY_VALUE -> values.stream().anyMatch(satisfies);
            // Without a qualifier: positive = some value matches, negated = no value matches.
            case NONE -> comparison.negated() ? values.stream().allMatch(satisfies) : values.stream().anyMatch(satisfies);
        };
    }

    /**
     * IAM docs: absent keys fail positive operators and pass negated ones; IfExists and ForAllValues pass.
     * ForAnyValue fails on an absent key even with IfExists: "For no matching context key or a null
     * dataset, the condition returns false"
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html);
     * IfExists has no value to apply to, and AWS denies exactly so
     * (https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w, ForAnyValue:StringEqualsIfExists on an absent aws:TagKeys).
     */
    private boolean absentKeyResult() {
        if (set == SetQualifier.FOR_ANY_VALUE) {
            return false;
        }
        if (ifExists || set == SetQualifier.FOR_ALL_VALUES) {
            return true;
        }
        return comparison.negated();
    }
}
