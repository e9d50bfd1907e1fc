package dev.trailauditor.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailauditor.check.CheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as log lines: CloudWatch cuts a log event at 256 KB, and a fleet of hundreds of
 * accounts makes a report of megabytes. So the run's summary, the central policies, and each
 * account (with the central checks about it) go in lines of their own, each carrying the run id
 * to join them again.
 */
public final class ReportLog {
    private ReportLog() {}

    /** The lines' shapes: written straight to text, one pass each (a fleet makes thousands of lines). */
    private record CentralLine(String runId, CentralReport central) {}

    private record AccountLine(String runId, AccountReport account, List<CheckResult> centralChecks) {}

    private record ChangesLine(String runId, Changes changes) {}

    /** Findings per changes line: a fleet's thousands of findings still make lines far below 256 KB. */
    static final int CHANGES_PER_LINE = 500;

    public static List<String> lines(Report report) {
        List<String> lines = new ArrayList<>();
        // The run's own fields only: the central block and the accounts have lines of their own.
        Changes changes = report.changes();
        ObjectNode run = Json.MAPPER.valueToTree(new Report(report.runId(), report.mode(), report.startedAt(),
                report.finishedAt(), report.summary(), report.runFailed(), report.cutShort(), report.totals(), null, List.of(),
                changes == null ? null : new Changes(changes.since(), List.of(), List.of(), List.of(), List.of(),
                        changes.accountsAdded(), changes.accountsRemoved()),
                report.warnings(), report.evidence(), report.publication(), report.trigger(), report.failedCalls()));
        run.remove("central");
        run.remove("accounts");
        lines.add(Json.write(run));
        if (changes != null) {
            changesLines(report.runId(), changes).forEach(lines::add);
        }

        CentralReport central = report.central();
        lines.add(Json.write(new CentralLine(report.runId(), new CentralReport(central.bucket(), central.keyArn(),
                central.eventBus(), central.status(), central.checks().stream().filter(c -> c.account() == null).toList(), central.changes()))));

        for (AccountReport account : report.accounts()) {
            lines.add(Json.write(new AccountLine(report.runId(), account, central.about(account.accountId()))));
        }
        return lines;
    }

    /** The classified findings in lines of their own, at most {@link #CHANGES_PER_LINE} each, in the order of the lists. */
    private static List<String> changesLines(String runId, Changes changes) {
        List<List<Changes.Finding>> lists = List.of(changes.newDrift(), changes.stillOpen(), changes.repaired(), changes.resolved());
        List<String> lines = new ArrayList<>();
        List<List<Changes.Finding>> part = emptyPart();
        int size = 0;
        for (int list = 0; list < lists.size(); list++) {
            for (Changes.Finding finding : lists.get(list)) {
                part.get(list).add(finding);
                if (++size == CHANGES_PER_LINE) {
                    lines.add(changesLine(runId, part));
                    part = emptyPart();
                    size = 0;
                }
            }
        }
        if (size > 0) {
            lines.add(changesLine(runId, part));
        }
        return lines;
    }

    private static List<List<Changes.Finding>> emptyPart() {
        return List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    private static String changesLine(String runId, List<List<Changes.Finding>> part) {
        return Json.write(new ChangesLine(runId, new Changes(null, part.get(0), part.get(1), part.get(2), part.get(3),
                List.of(), List.of())));
    }
}
