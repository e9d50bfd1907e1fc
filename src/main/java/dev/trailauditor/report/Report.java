package dev.trailauditor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The one report of a run: what the handler returns, what the email is rendered from, and the
 * evidence kept of the run.
 *
 * @param runFailed true when the run itself did not finish its job (e.g. the email could not be sent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String runId, String mode, Instant startedAt, Instant finishedAt, String summary,
                     boolean runFailed, Totals totals, CentralReport central, List<AccountReport> accounts,
                     Publication publication) {

    public Report {
        accounts = List.copyOf(accounts);
    }

    public static Report of(String runId, String mode, Instant startedAt, Instant finishedAt,
                            CentralReport central, List<AccountReport> accounts) {
        Totals totals = Totals.of(accounts, central);
        return new Report(runId, mode, startedAt, finishedAt, Summary.of(totals, central.status()), false,
                totals, central, accounts, Publication.PENDING);
    }

    public Report withPublication(Publication publication) {
        return new Report(runId, mode, startedAt, finishedAt, summary, runFailed || publication.failed(),
                totals, central, accounts, publication);
    }

    /** True when nothing is left to fix: every account and the central policies compliant or repaired. */
    public boolean compliant() {
        return totals.checksFailed() == 0 && totals.checksUnreachable() == 0;
    }
}
