package dev.trailauditor.check;

/** The end of every check. An account that could not be looked at is never reported as compliant. */
public enum Outcome {
    PASS,
    /** Drift found, not repaired. */
    FAIL,
    /** Drift found, repaired and verified by a second read. */
    REPAIRED,
    /** The audit could not look: role not assumable, access denied, timed out. */
    UNREACHABLE
}
