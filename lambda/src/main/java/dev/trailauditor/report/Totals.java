package dev.trailauditor.report;

import dev.trailauditor.check.CheckResult;
import dev.trailauditor.check.Outcome;
import java.util.List;
import java.util.stream.Stream;

/** Counts for the subject line and the summary; derived, never set by hand. */
public record Totals(int accounts, int compliant, int drifted, int repaired, int unreachable,
                     int checksPassed, int checksFailed, int checksRepaired, int checksUnreachable) {

    static Totals of(List<AccountReport> accounts, CentralReport central) {
        List<CheckResult> all = Stream.concat(accounts.stream().flatMap(a -> a.checks().stream()), central.checks().stream())
                .toList();
        return new Totals(accounts.size(),
                count(accounts, Status.COMPLIANT), count(accounts, Status.DRIFTED),
                count(accounts, Status.REPAIRED), count(accounts, Status.UNREACHABLE),
                outcomes(all, Outcome.PASS), outcomes(all, Outcome.FAIL),
                outcomes(all, Outcome.REPAIRED), outcomes(all, Outcome.UNREACHABLE));
    }

    private static int count(List<AccountReport> accounts, Status status) {
        return (int) accounts.stream().filter(a -> a.status() == status).count();
    }

    private static int outcomes(List<CheckResult> results, Outcome outcome) {
        return (int) results.stream().filter(r -> r.outcome() == outcome).count();
    }
}
