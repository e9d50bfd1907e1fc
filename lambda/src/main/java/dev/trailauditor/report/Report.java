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
 * @param changes what changed since the previous run; null when no history is kept (a terminal run)
 * @param warnings what went wrong beside the audit (the previous report unreadable, the report not kept): never a
 *                 failed run
 * @param evidence where this report is kept ({@code s3://bucket/key}); null when it is not
 * @param trigger the CloudTrail calls an event-driven run re-checks after; null for the nightly run and a re-check by hand
 * @param failedCalls the failed calls on the watched trails and policies since the previous run read them (denied, say:
 *                    they changed nothing and started no run); null when there were none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String runId, String mode, Instant startedAt, Instant finishedAt, String summary,
                     boolean runFailed, boolean cutShort, Totals totals, CentralReport central,
                     List<AccountReport> accounts, Changes changes,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings, String evidence,
                     Publication publication, Trigger trigger, FailedCalls failedCalls) {

    static final String CUT_SHORT = "cut short at the time limit: ";

    public Report {
        accounts = List.copyOf(accounts);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public static Report of(String runId, String mode, Instant startedAt, Instant finishedAt,
                            CentralReport central, List<AccountReport> accounts) {
        Totals totals = Totals.of(accounts, central);
        return new Report(runId, mode, startedAt, finishedAt, Summary.of(totals, central), false, false,
                totals, central, accounts, null, List.of(), null, Publication.PENDING, null, null);
    }

    /**
     * The same report of a run that reached its time limit. Its figures are true but incomplete (what was not
     * finished is unreachable or skipped), so the run failed its job and the summary, and so the subject, say why.
     */
    public Report asCutShort() {
        return cutShort ? this : new Report(runId, mode, startedAt, finishedAt, CUT_SHORT + summary, true, true,
                totals, central, accounts, changes, warnings, evidence, publication, trigger, failedCalls);
    }

    /** The same report, saying which CloudTrail calls started the run. */
    public Report triggeredBy(Trigger trigger) {
        return new Report(runId, mode, startedAt, finishedAt, summary, runFailed, cutShort, totals, central, accounts,
                changes, warnings, evidence, publication, trigger, failedCalls);
    }

    /** The same report, listing the failed calls (none: unchanged). */
    public Report withFailedCalls(FailedCalls failedCalls) {
        return failedCalls.none() ? this : new Report(runId, mode, startedAt, finishedAt, summary, runFailed, cutShort,
                totals, central, accounts, changes, warnings, evidence, publication, trigger, failedCalls);
    }

    public Report withPublication(Publication publication) {
        return new Report(runId, mode, startedAt, finishedAt, summary, runFailed || publication.failed(), cutShort,
                totals, central, accounts, changes, warnings, evidence, publication, trigger, failedCalls);
    }

    /** The same report, classified against the previous run, with what went wrong in doing so. */
    public Report withChanges(Changes changes, List<String> moreWarnings) {
        return new Report(runId, mode, startedAt, finishedAt, summary, runFailed, cutShort, totals, central, accounts,
                changes, concat(warnings, moreWarnings), evidence, publication, trigger, failedCalls);
    }

    /** The same report, kept at {@code evidence} (null: not kept), with what went wrong in keeping it. */
    public Report withEvidence(String evidence, List<String> moreWarnings) {
        return new Report(runId, mode, startedAt, finishedAt, summary, runFailed, cutShort, totals, central, accounts,
                changes, concat(warnings, moreWarnings), evidence, publication, trigger, failedCalls);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Anything for a person: a check failed, unreachable or repaired in this run. */
    public boolean hasFindings() {
        return totals.checksFailed() + totals.checksUnreachable() + totals.checksRepaired() > 0;
    }

    /** True when nothing is left to fix: every account and the central policies compliant or repaired. */
    public boolean compliant() {
        return totals.checksFailed() == 0 && totals.checksUnreachable() == 0;
    }
}
