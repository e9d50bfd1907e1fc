package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.AuditHandler;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.report.Json;
import dev.trailauditor.report.Report;
import dev.trailauditor.report.Status;
import dev.trailauditor.report.Totals;
import dev.trailauditor.sim.FleetClients;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * {@code last-report}: the lines the real handler logs for runs on a simulated fleet, served as
 * FilterLogEvents pages by a mocked CloudWatch Logs client, put back together and printed.
 */
class LastReportCommandTest {
    private static final String GROUP = "trail-auditor-AuditLogGroup-1A2B3C";

    @TempDir
    Path dir;

    private final CloudWatchLogsClient logs = mock(CloudWatchLogsClient.class);

    /** What the function logs for one nightly run, its clock moved on by the offset so runs have distinct start times. */
    private static List<String> nightlyRun(CliFixture cli, Duration offset) {
        ConfigFile file = ConfigFile.read(cli.config);
        Map<String, String> env = new HashMap<>(file.values());
        // The function's environment holds the registry as JSON text, as the template sets MEMBER_REGISTRY.
        file.registry().ifPresent(registry -> env.put("MEMBER_REGISTRY", registry.toString()));
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "trail-auditor");
        List<String> lines = new ArrayList<>();
        new AuditHandler(env, Clock.offset(Clock.systemUTC(), offset), d -> { }, settings -> new FleetClients(cli.fleet,
                "111111111111"), lines::add).handleRequest(java.util.Map.of(), null);
        return lines;
    }

    /** Each line an event, as FilterLogEvents returns them; the events cut into pages of the given sizes. */
    private void logGroupHolds(List<String> messages, int... pageSizes) {
        List<FilterLogEventsResponse> pages = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < pageSizes.length; i++) {
            List<FilteredLogEvent> events = messages.subList(from, Math.min(messages.size(), from + pageSizes[i])).stream()
                    .map(m -> FilteredLogEvent.builder().message(m + "\n").logStreamName("2026/11/29/[$LATEST]abc").build())
                    .toList();
            from += pageSizes[i];
            pages.add(FilterLogEventsResponse.builder().events(events)
                    .nextToken(i + 1 < pageSizes.length ? "page-" + (i + 1) : null).build());
        }
        when(logs.filterLogEvents(any(FilterLogEventsRequest.class))).thenAnswer(call -> {
            String token = call.<FilterLogEventsRequest>getArgument(0).nextToken();
            return pages.get(token == null ? 0 : Integer.parseInt(token.substring("page-".length())));
        });
    }

    private CliFixture cli() {
        CliFixture cli = new CliFixture(dir, ConfigFileTest.YAML);
        SdkClients clients = mock(SdkClients.class);
        when(clients.ownClient(eq("CLOUDWATCH_LOGS"), eq("eu-west-1"), any())).thenReturn(logs);
        cli.aws = settings -> clients;
        return cli;
    }

    @Test
    void aRunSpreadOverPagesIsPutBackTogetherAndPrintedAsTheTerminalReport() {
        CliFixture cli = cli();
        cli.fleet.account("333333333333").trail("org-trail", "eu-west-1").stopLogging();
        List<String> run = nightlyRun(cli, Duration.ZERO);
        List<String> events = new ArrayList<>(List.of("START RequestId: 1 Version: $LATEST", "not json {"));
        events.addAll(run);
        // Five lines (run, central, two accounts, outcome) plus two foreign ones over three pages, one of them empty.
        logGroupHolds(events, 3, 0, 4);

        int exit = cli.run("last-report", "--log-group", GROUP);

        assertThat(exit).as(cli.err()).isEqualTo(1);
        assertThat(cli.out()).contains("1 of 2 accounts drifted").contains("DRIFTED  staging (333333333333)")
                .contains("FAIL        HIGH   trail.logging").contains("COMPLIANT  prod (222222222222)");
        assertThat(cli.err()).contains("from log group " + GROUP);
        ArgumentCaptor<FilterLogEventsRequest> requests = ArgumentCaptor.forClass(FilterLogEventsRequest.class);
        verify(logs, org.mockito.Mockito.times(3)).filterLogEvents(requests.capture());
        assertThat(requests.getAllValues()).extracting(FilterLogEventsRequest::nextToken).containsExactly(null, "page-1", "page-2");
        FilterLogEventsRequest first = requests.getAllValues().get(0);
        assertThat(first.logGroupName()).isEqualTo(GROUP);
        assertThat(first.filterPattern()).isEqualTo("\"runId\"");
        assertThat(Instant.ofEpochMilli(first.startTime()))
                .isBetween(Instant.now().minus(Duration.ofDays(7)).minusSeconds(60), Instant.now().minus(Duration.ofDays(7)));
    }

    @Test
    void twoRunsInterleavedGiveTheNewestAsJsonEqualToWhatTheHandlerReported() throws Exception {
        CliFixture cli = cli();
        List<String> older = nightlyRun(cli, Duration.ZERO);
        cli.fleet.account("222222222222").trail("org-trail", "eu-west-1").bucket("someone-elses-bucket");
        List<String> newer = nightlyRun(cli, Duration.ofMinutes(1));
        List<String> interleaved = new ArrayList<>();
        for (int i = 0; i < Math.max(older.size(), newer.size()); i++) {
            if (i < newer.size()) {
                interleaved.add(newer.get(i));
            }
            if (i < older.size()) {
                interleaved.add(older.get(i));
            }
        }
        logGroupHolds(interleaved, 4, 4, 4);

        int exit = cli.run("last-report", "--log-group=" + GROUP, "--json");

        Report report = Json.MAPPER.readValue(cli.out(), Report.class);
        JsonNode logged = Json.MAPPER.readTree(newer.get(0));
        assertThat(exit).isEqualTo(1);
        assertThat(report.runId()).isEqualTo(logged.get("runId").asText());
        assertThat(report.summary()).isEqualTo("1 of 2 accounts drifted");
        assertThat(report.totals()).isEqualTo(Json.MAPPER.treeToValue(logged.get("totals"), Totals.class));
        assertThat(report.accounts()).extracting(a -> a.accountId() + " " + a.status())
                .containsExactly("222222222222 " + Status.DRIFTED, "333333333333 " + Status.COMPLIANT);
        assertThat(report.central().checks()).as("the central checks, each account's put back").isNotEmpty()
                .anyMatch(c -> "222222222222".equals(c.account()));
        assertThat(report.publication().state()).as("from the outcome line, not the run line's PENDING")
                .isNotEqualTo(dev.trailauditor.report.Publication.PENDING.state());
    }

    @Test
    void aNewerRunWithLinesMissingIsNamedAndTheNewestCompleteOneShown() throws Exception {
        CliFixture cli = cli();
        List<String> complete = nightlyRun(cli, Duration.ZERO);
        List<String> cutShort = nightlyRun(cli, Duration.ofMinutes(1));
        List<String> events = new ArrayList<>(complete);
        events.addAll(cutShort.subList(0, 3)); // the run line, the central line, one of two accounts: it timed out
        logGroupHolds(events, 100);

        int exit = cli.run("last-report", "--log-group", GROUP, "--json");

        Report shown = Json.MAPPER.readValue(cli.out(), Report.class);
        JsonNode cut = Json.MAPPER.readTree(cutShort.get(0));
        assertThat(exit).isZero();
        assertThat(shown.runId()).isEqualTo(Json.MAPPER.readTree(complete.get(0)).get("runId").asText());
        assertThat(cli.err()).contains("run " + cut.get("runId").asText() + " started " + Instant.parse(cut.get("startedAt").asText())
                + " logged 1 of 2 account lines (timed out, or still running): not shown");
    }

    @Test
    void noReportInTheLogGroupIsExitTwoSayingWhereItLooked() {
        CliFixture cli = cli();
        logGroupHolds(List.of("START RequestId: 1 Version: $LATEST"), 1);

        int exit = cli.run("last-report", "--log-group", GROUP);

        assertThat(exit).isEqualTo(2);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).contains("no complete report in log group " + GROUP + " in the last 7 days");
    }

    @Test
    void theLogGroupIsRequiredAndNamedBeforeAnyCall() {
        CliFixture cli = cli();

        int exit = cli.run("last-report");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("last-report needs --log-group NAME")
                .contains("AuditLogGroupName");
        assertThat(cli.connections).isEmpty();
    }
}
