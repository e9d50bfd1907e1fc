package dev.trailauditor.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A condition's policy values made ready for one comparison. Values that can only match a request
 * value by being equal to it go into a hash set, so a clause listing every member's account or trail
 * (the central policies at fleet scale) costs one lookup, not a scan of the list.
 */
final class PolicyValues {
    private final Comparison comparison;
    private final List<String> all;
    private final Set<String> exact = new HashSet<>();
    private final List<String> others = new ArrayList<>();

    PolicyValues(Comparison comparison, List<String> values) {
        this.comparison = comparison;
        this.all = values;
        for (String value : values) {
            (comparison.exactly(value) ? exact : others).add(value);
        }
    }

    /** The values as written, in order. */
    List<String> all() {
        return all;
    }

    /** The positive comparison: does the request value match one policy value? */
    boolean matchesAny(String requestValue) {
        return exact.contains(requestValue) || comparison.matchesAny(others, requestValue);
    }
}
