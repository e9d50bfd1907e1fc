package dev.trailauditor.policy;

/** How the auditor writes its grants, tightest first; the merger uses the first whose policy fits. */
public enum Shape {
    /** One statement per member, each pinned to its trail ARN (DESIGN.md's shape). */
    PER_MEMBER,
    /** One statement per grant, listing every member's log path, trail ARN and context. */
    LISTED,
    /** One statement per grant, pinned by the list of accounts and the trail names: fits hundreds. */
    ACCOUNT_LIST
}
