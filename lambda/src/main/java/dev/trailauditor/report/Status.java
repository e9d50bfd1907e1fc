package dev.trailauditor.report;

import dev.trailauditor.check.CheckResult;
import dev.trailauditor.check.Outcome;
import java.util.List;

/** The state of an account (or of the central policies), worst first. */
public enum Status {
    UNREACHABLE, DRIFTED, REPAIRED, COMPLIANT;

    /** Unreachable beats drifted beats repaired: a person must see the worst thing first. */
    public static Status of(List<CheckResult> results) {
        if (results.stream().anyMatch(r -> r.outcome() == Outcome.UNREACHABLE)) {
            return UNREACHABLE;
        }
        if (results.stream().anyMatch(r -> r.outcome() == Outcome.FAIL)) {
            return DRIFTED;
        }
        if (results.stream().anyMatch(r -> r.outcome() == Outcome.REPAIRED)) {
            return REPAIRED;
        }
        return COMPLIANT;
    }
}
