package dev.trailauditor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The one report of a run: what the handler returns, what the email is rendered from, and the
 * evidence kept of the run.
 *
 * @param runFailed true when the run itself did not finish its job (cut short, or the email could not be sent)
 * @param cutShort true when the run reached its time limit: what was unfinished then is reported as such
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String runId, String mode, Instant startedAt, Instant finishedAt, String summary,
                     boolean runFailed, boolean cutShort, Totals totals, CentralReport central,
                     List<AccountReport> accounts, Publication publication) {

    static final String CUT_SHORT = "cut short at the time limit: ";

    public Report {
        accounts = List.copyOf(accounts);
    }

    public static Report of(String runId, String mode, Instant startedAt, Instant finishedAt,
                            CentralReport central, List<AccountReport> accounts) {
        Totals totals = Totals.of(accounts, central);
        return new Report(runId, mode, startedAt, finishedAt, Summary.of(totals, central), false, false,
                totals, central, accounts, Publication.PENDING);
    }

    /**
     * The same report of a run that reached its time limit. Its figures are true but incomplete (what was not
     * finished is unreachable or skipped), so the run failed its job and the summary, and so the subject, say why.
     */
    public Report asCutShort() {
        return cutShort ? this : new Report(runId, mode, startedAt, finishedAt, CUT_SHORT + summary, true, true,
                totals, central, accounts, publication);
    }

    public Report withPublication(Publication publication) {
        return new Report(runId, mode, startedAt, finishedAt, summary, runFailed || publication.failed(), cutShort,
                totals, central, accounts, publication);
    }

    /** True when nothing is left to fix: every account and the central policies compliant or repaired. */
    public boolean compliant() {
        return totals.checksFailed() == 0 && totals.checksUnreachable() == 0;
    }
}
