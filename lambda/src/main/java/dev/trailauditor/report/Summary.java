package dev.trailauditor.report;

import dev.trailauditor.check.Outcome;
import java.util.ArrayList;
import java.util.List;

/** The verdict in one short line: the email subject and the report's summary. */
final class Summary {
    private Summary() {}

    static String of(Totals totals, CentralReport centralReport) {
        Status central = centralReport.status();
        if (totals.accounts() == 0) {
            // An event-driven re-check of the central policies alone: not "0 accounts".
            return centralOnly(central) + hardening(centralReport);
        }
        String of = " of " + accounts(totals.accounts());
        List<String> problems = new ArrayList<>();
        if (totals.drifted() > 0) {
            problems.add(totals.drifted() + of + " drifted");
        }
        if (totals.unreachable() > 0) {
            problems.add(totals.unreachable() + (problems.isEmpty() ? of : "") + " unreachable");
        }
        if (central == Status.DRIFTED) {
            problems.add("central policies drifted");
        } else if (central == Status.UNREACHABLE) {
            problems.add("central policies unreadable");
        }
        String verdict = problems.isEmpty() ? "all " + accounts(totals.accounts()) + " compliant" : String.join(", ", problems);
        if (totals.repaired() > 0) {
            verdict += ", " + totals.repaired() + " repaired";
        } else if (central == Status.REPAIRED) {
            verdict += ", central policies repaired";
        }
        return verdict + hardening(centralReport);
    }

    /** ", central hardening: 2 failed", "... 1 unreadable": said apart from the policies, never as their drift. */
    private static String hardening(CentralReport central) {
        long failed = central.hardeningChecks().stream().filter(r -> r.outcome() == Outcome.FAIL).count();
        long unreadable = central.hardeningChecks().stream().filter(r -> r.outcome() == Outcome.UNREACHABLE).count();
        List<String> parts = new ArrayList<>();
        if (failed > 0) {
            parts.add(failed + " failed");
        }
        if (unreadable > 0) {
            parts.add(unreadable + " unreadable");
        }
        return parts.isEmpty() ? "" : ", central hardening: " + String.join(", ", parts);
    }

    private static String centralOnly(Status central) {
        return switch (central) {
            case COMPLIANT -> "central policies compliant";
            case DRIFTED -> "central policies drifted";
            case REPAIRED -> "central policies repaired";
            case UNREACHABLE -> "central policies unreadable";
        };
    }

    private static String accounts(int count) {
        return count + (count == 1 ? " account" : " accounts");
    }
}
