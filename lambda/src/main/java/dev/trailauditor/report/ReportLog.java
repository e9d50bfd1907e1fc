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

    public static List<String> lines(Report report) {
        List<String> lines = new ArrayList<>();
        // The run's own fields only: the central block and the accounts have lines of their own.
        ObjectNode run = Json.MAPPER.valueToTree(new Report(report.runId(), report.mode(), report.startedAt(),
                report.finishedAt(), report.summary(), report.runFailed(), report.cutShort(), report.totals(), null, List.of(),
                report.publication(), report.trigger()));
        run.remove("central");
        run.remove("accounts");
        lines.add(Json.write(run));

        CentralReport central = report.central();
        lines.add(Json.write(new CentralLine(report.runId(), new CentralReport(central.bucket(), central.keyArn(),
                central.status(), central.checks().stream().filter(c -> c.account() == null).toList(), central.changes()))));

        for (AccountReport account : report.accounts()) {
            lines.add(Json.write(new AccountLine(report.runId(), account, central.about(account.accountId()))));
        }
        return lines;
    }
}
