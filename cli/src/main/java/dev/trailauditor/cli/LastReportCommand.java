package dev.trailauditor.cli;

import dev.trailauditor.report.Report;
import dev.trailauditor.report.ReportLogReader;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;

/**
 * {@code last-report}: the newest complete report the function logged, put back together from its
 * log group and printed as {@code audit} prints one. One read-only API, FilterLogEvents, whose
 * events come sorted by time, page by page until no nextToken is left
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html).
 */
final class LastReportCommand {
    /** The schedule is nightly: a week back still finds a report when the last few runs failed. */
    static final Duration LOOK_BACK = Duration.ofDays(7);
    /**
     * Only lines holding the term runId come back: every line of the report has it, Lambda's own
     * lines do not (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).
     */
    static final String FILTER_PATTERN = "\"runId\"";

    private final CliContext context;
    private final CliArguments args;
    private final Clock clock;

    LastReportCommand(CliContext context, CliArguments args, Clock clock) {
        this.context = context;
        this.args = args;
        this.clock = clock;
    }

    int run() {
        String logGroup = args.logGroup().orElseThrow(() -> new CliArguments.UsageException(
                "last-report needs --log-group NAME, the function's log group (the stack's output AuditLogGroupName):"
                        + " aws cloudformation describe-stacks --stack-name <stack> --query"
                        + " \"Stacks[0].Outputs[?OutputKey=='AuditLogGroupName'].OutputValue\" --output text"));
        try (TerminalSession session = TerminalSession.open(context, args)) {
            ReportLogReader reader = read(session.logs(), logGroup);
            reader.newerIncomplete().forEach(run -> context.err().println("trail-auditor: run " + run.runId()
                    + " started " + run.startedAt() + " logged " + run.accountLines() + " of " + run.accounts()
                    + " account lines (timed out, or still running): not shown"));
            if (reader.newestComplete().isEmpty()) {
                context.err().println("trail-auditor: no complete report in log group " + logGroup + " in the last "
                        + LOOK_BACK.toDays() + " days: did the function run? (sam logs -n AuditFunction --stack-name <stack>)");
                return ExitCode.FAILED;
            }
            Report report = reader.newestComplete().get();
            context.err().println("trail-auditor: run " + report.runId() + " of " + report.startedAt()
                    + ", from log group " + logGroup);
            boolean written = ReportOutput.write(report, args.json(), TerminalText.width(context.environment()),
                    args.output(), context.out(), context.err());
            return written ? ExitCode.of(report) : ExitCode.FAILED;
        }
    }

    private ReportLogReader read(CloudWatchLogsClient logs, String logGroup) {
        ReportLogReader reader = new ReportLogReader();
        FilterLogEventsRequest request = FilterLogEventsRequest.builder()
                .logGroupName(logGroup)
                .startTime(clock.instant().minus(LOOK_BACK).toEpochMilli())
                .filterPattern(FILTER_PATTERN)
                .build();
        String token = null;
        do {
            FilterLogEventsResponse page = logs.filterLogEvents(request.toBuilder().nextToken(token).build());
            page.events().forEach(event -> reader.accept(event.message()));
            token = page.nextToken();
        } while (token != null);
        return reader;
    }
}
