package dev.trailauditor.repair;

import dev.trailauditor.policy.MergeResult;
import dev.trailauditor.policy.PolicyKind;
import java.util.List;
import java.util.Optional;

/**
 * The plan for one central policy: what the merge decided, and the policy text it was planned
 * from (empty: the bucket had no policy), which the write compares against before writing.
 *
 * @param held   why the change must not be written now (the key is pending deletion, say), and what then; null when it may
 * @param cutOff the unregistered accounts whose delivering trails the change would cut off (see {@link TighteningGuard})
 */
public record PolicyPlan(PolicyKind kind, String resource, Optional<String> before, MergeResult merge, String held,
                         List<CutOff> cutOff) {

    public PolicyPlan {
        cutOff = List.copyOf(cutOff);
    }

    /** Cutting off no one. */
    public PolicyPlan(PolicyKind kind, String resource, Optional<String> before, MergeResult merge, String held) {
        this(kind, resource, before, merge, held, List.of());
    }
}
