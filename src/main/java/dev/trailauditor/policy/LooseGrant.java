package dev.trailauditor.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Says why a granting statement is looser than it should be, in words:
 * "without aws:SourceArn pinning: it also allows a trail of another account".
 */
final class LooseGrant {
    private LooseGrant() {}

    static String explain(Statement statement, AccessRequest required, Probe allowedProbe) {
        return gap(statement, required, allowedProbe.request()) + ": it also allows " + allowedProbe.meaning();
    }

    /**
     * Names the first difference between the two requests (a probe differs from the request in a
     * few condition keys or in the principal). The statement applies to the probe, so whatever
     * conditions it has on that key let the probe through.
     */
    private static String gap(Statement statement, AccessRequest required, AccessRequest probe) {
        List<String> differingKeys = differingContextKeys(required, probe);
        if (!differingKeys.isEmpty()) {
            String key = differingKeys.get(0);
            return statement.constrains(key) ? "with too loose a condition on " + key : "without " + key + " pinning";
        }
        if (!required.principal().equals(probe.principal())) {
            return "with too broad a Principal";
        }
        return "too broadly";
    }

    /** Keys (in the required request's order, then the probe's) whose values differ or that only one side has. */
    private static List<String> differingContextKeys(AccessRequest required, AccessRequest probe) {
        List<String> keys = new ArrayList<>();
        required.context().keySet().forEach(key -> {
            if (!Objects.equals(required.contextValues(key), probe.contextValues(key))) {
                keys.add(key);
            }
        });
        probe.context().keySet().stream()
                .filter(key -> required.contextValues(key).isEmpty() && probe.contextValues(key).isPresent())
                .forEach(keys::add);
        return keys;
    }
}
