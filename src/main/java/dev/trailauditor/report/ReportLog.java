package dev.trailauditor.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

    public static List<String> lines(Report report) {
        List<String> lines = new ArrayList<>();
        ObjectNode run = Json.MAPPER.valueToTree(report);
        run.remove("central");
        run.remove("accounts");
        lines.add(Json.write(run));

        CentralReport central = report.central();
        ObjectNode centralLine = line(report);
        centralLine.set("central", Json.MAPPER.valueToTree(new CentralReport(central.bucket(), central.keyArn(),
                central.status(), central.checks().stream().filter(c -> c.account() == null).toList(), central.changes())));
        lines.add(Json.write(centralLine));

        for (AccountReport account : report.accounts()) {
            ObjectNode accountLine = line(report);
            accountLine.set("account", Json.MAPPER.valueToTree(account));
            accountLine.set("centralChecks", Json.MAPPER.valueToTree(central.about(account.accountId())));
            lines.add(Json.write(accountLine));
        }
        return lines;
    }

    private static ObjectNode line(Report report) {
        return Json.MAPPER.createObjectNode().put("runId", report.runId());
    }
}
