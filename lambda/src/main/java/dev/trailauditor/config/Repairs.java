package dev.trailauditor.config;

import java.util.List;

/**
 * What the auditor may change, each switch on its own: an organisation can let it fix the
 * central policies but only report on member trails.
 *
 * @param central repair or only report the central bucket and key policies
 * @param trails repair or only report member trails
 * @param removeStaleGrants also remove the auditor's own grants for unregistered accounts (a deletion, so opt-in)
 * @param createMissingTrails create a registered trail that does not exist (new resources in a member account, so opt-in;
 *                            a registry entry can opt in on its own with "createTrail": true)
 * @param tightenForeignGrants replace foreign statements that grant only CloudTrail but let in more (another
 *                             account's trail, say) by the auditor's pinned statements (a change to a person's
 *                             statement, so opt-in; statements that grant anyone else are never touched)
 * @param tightenAllowedAccounts unregistered accounts whose delivering trails a tightening may cut off; a tightening
 *                               that would cut off any other is held
 */
public record Repairs(Mode central, Mode trails, boolean removeStaleGrants, boolean createMissingTrails,
                      boolean tightenForeignGrants, List<String> tightenAllowedAccounts) {

    public static final Repairs REPORT_ONLY = new Repairs(Mode.AUDIT, Mode.AUDIT, false, false, false);

    public Repairs {
        tightenAllowedAccounts = List.copyOf(tightenAllowedAccounts);
    }

    /** No account may be cut off by a tightening. */
    public Repairs(Mode central, Mode trails, boolean removeStaleGrants, boolean createMissingTrails,
                   boolean tightenForeignGrants) {
        this(central, trails, removeStaleGrants, createMissingTrails, tightenForeignGrants, List.of());
    }

    public Repairs(Mode central, Mode trails, boolean removeStaleGrants, boolean createMissingTrails) {
        this(central, trails, removeStaleGrants, createMissingTrails, false);
    }

    /** As the report states it, e.g. "central policies: repair, trails: audit". */
    public String describe() {
        return "central policies: " + central.id() + ", trails: " + trails.id();
    }
}
