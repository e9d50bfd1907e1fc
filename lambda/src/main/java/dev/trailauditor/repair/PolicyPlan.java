package dev.trailauditor.repair;

import dev.trailauditor.policy.MergeResult;
import dev.trailauditor.policy.PolicyKind;
import java.util.Optional;

/**
 * The plan for one central policy: what the merge decided, and the policy text it was planned
 * from (empty: the bucket had no policy), which the write compares against before writing.
 *
 * @param held why the change must not be written now (the key is pending deletion, say), and what then; null when it may
 */
public record PolicyPlan(PolicyKind kind, String resource, Optional<String> before, MergeResult merge, String held) {}
