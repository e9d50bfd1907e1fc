package dev.trailauditor.report;

import java.util.ArrayList;
import java.util.List;

/** The verdict in one short line: the email subject and the report's summary. */
final class Summary {
    private Summary() {}

    static String of(Totals totals, Status central) {
        if (totals.accounts() == 0) {
            return centralOnly(central); // an event-driven re-check of the central policies alone: not "0 accounts"
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
            return verdict + ", " + totals.repaired() + " repaired";
        }
        return central == Status.REPAIRED ? verdict + ", central policies repaired" : verdict;
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
