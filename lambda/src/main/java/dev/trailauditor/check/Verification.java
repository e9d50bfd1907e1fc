package dev.trailauditor.check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the results before a repair with those of the re-check after it: a failure that the
 * re-check finds fixed is {@link Outcome#REPAIRED}; anything else is what the re-check found.
 */
public final class Verification {
    private Verification() {}

    public static List<CheckResult> verified(List<CheckResult> before, List<CheckResult> after) {
        Map<String, CheckResult> earlier = new HashMap<>();
        before.forEach(r -> earlier.put(key(r), r));
        return after.stream().map(r -> {
            CheckResult was = earlier.get(key(r));
            boolean repaired = was != null && was.outcome() == Outcome.FAIL && r.outcome() == Outcome.PASS;
            return repaired ? new CheckResult(r.check(), r.account(), Outcome.REPAIRED, r.expected(),
                    r.actual() + " (was: " + was.actual() + ")") : r;
        }).toList();
    }

    /** REPAIRED results of the checks whose id starts with the prefix, turned back into FAIL: the repair cannot be trusted. */
    public static List<CheckResult> unconfirmed(List<CheckResult> results, String checkPrefix, String reason) {
        return results.stream().map(r -> r.outcome() != Outcome.REPAIRED || !r.check().id().startsWith(checkPrefix) ? r
                : CheckResult.fail(r.check(), r.account(), r.expected(), reason + "; now: " + r.actual())).toList();
    }

    private static String key(CheckResult result) {
        return result.check().id() + "/" + result.account();
    }
}
