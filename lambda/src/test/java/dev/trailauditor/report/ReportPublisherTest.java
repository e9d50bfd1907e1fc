package dev.trailauditor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.check.Check;
import dev.trailauditor.check.CheckResult;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.config.ConfigLoaderTest;
import dev.trailauditor.config.Member;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/** Mockito at the SNS edge: what one publish carries, and when a finished run is not published. */
class ReportPublisherTest {
    private static final Instant START = Instant.parse("2026-11-29T03:00:00Z");
    private final SnsClient sns = mock(SnsClient.class);

    private ReportPublisher publisher(String publishWhen) {
        Map<String, String> env = ConfigLoaderTest.validEnv();
        env.put("TRAIL_MODE", "repair");
        env.put("HISTORY_BUCKET", "trail-auditor-history");
        env.put("HISTORY_BUCKET_DEDICATED", "true");
        env.put("PUBLISH_WHEN", publishWhen);
        AwsClients clients = mock(AwsClients.class);
        when(clients.sns("eu-west-1")).thenReturn(sns);
        when(sns.publish(any(PublishRequest.class))).thenReturn(PublishResponse.builder().messageId("m-1").build());
        return ReportPublisher.of(ConfigLoader.load(env, name -> Optional.empty()), clients);
    }

    private static AccountReport account(String id, CheckResult... results) {
        Member member = Member.of("aws", id, Optional.empty(), "org-trail", "eu-west-1", "TrailAuditorMemberRole", false);
        return AccountReport.of(member, List.of(results), List.of(), List.of(), null);
    }

    private static Report report(List<AccountReport> accounts, Changes changes) {
        Report report = Report.of("run-2", "central policies: audit, trails: repair", START, START.plusSeconds(5),
                CentralReport.of("central-trail-logs", "arn:aws:kms:eu-west-1:111111111111:key/k",
                        List.of(CheckResult.pass(Check.KEY_USABLE, null, "x", "x")), List.of()), accounts);
        return changes == null ? report : report.withChanges(changes, List.of());
    }

    private static Changes.Finding finding(String check, String account) {
        return new Changes.Finding(check, account, null, "HIGH", "FAIL");
    }

    private static Changes changes(List<Changes.Finding> fresh, List<Changes.Finding> open) {
        return new Changes(new Changes.Since("run-1", START.minusSeconds(86_400)), fresh, open, List.of(), List.of(),
                List.of(), List.of());
    }

    private PublishRequest published() {
        ArgumentCaptor<PublishRequest> request = ArgumentCaptor.forClass(PublishRequest.class);
        verify(sns).publish(request.capture());
        return request.getValue();
    }

    @Test
    void emailGetsTheTextEveryOtherProtocolTheJsonSummaryAndAttributesCarryVerdictCountsAndModes() throws Exception {
        Report report = report(List.of(account("222222222222", CheckResult.fail(Check.TRAIL_LOGGING, "222222222222", "logging", "stopped"))),
                changes(List.of(finding("trail.logging", "222222222222")), List.of()));

        Publication publication = publisher("always").publish(report);

        assertThat(publication.state()).isEqualTo(Publication.State.SENT);
        PublishRequest request = published();
        assertThat(request.messageStructure()).isEqualTo("json");
        JsonNode message = Json.MAPPER.readTree(request.message());
        assertThat(message.fieldNames()).toIterable().containsExactly("default", "email");
        assertThat(message.get("email").asText()).startsWith("Trail audit 2026-11-29T03:00:00Z: 1 of 1 account drifted")
                .contains("NEW DRIFT");
        JsonNode summary = Json.MAPPER.readTree(message.get("default").asText());
        assertThat(summary.get("verdict").asText()).isEqualTo("DRIFTED");
        assertThat(summary.at("/changes/since/runId").asText()).isEqualTo("run-1");
        assertThat(summary.at("/changes/new").asInt()).isEqualTo(1);
        assertThat(summary.at("/newFindings/0/check").asText()).isEqualTo("trail.logging");
        assertThat(summary.at("/totals/checksFailed").asInt()).isEqualTo(1);
        Map<String, String> attributes = new HashMap<>();
        request.messageAttributes().forEach((name, value) -> attributes.put(name, value.dataType() + " " + value.stringValue()));
        assertThat(attributes).containsExactlyInAnyOrderEntriesOf(Map.of("verdict", "String DRIFTED",
                "centralPolicyMode", "String audit", "trailMode", "String repair", "new", "Number 1",
                "stillOpen", "Number 0", "repaired", "Number 0", "resolved", "Number 0"));
    }

    @Test
    void aHugeReportIsCutSoThatMessageAndAttributesTogetherFitSnsLimit() {
        List<AccountReport> accounts = new ArrayList<>();
        String quoted = "{\"Effect\":\"Allow\",\"Principal\":\"*\"}".repeat(10);
        for (int i = 0; i < 3_000; i++) {
            String id = String.valueOf(200_000_000_000L + i);
            accounts.add(account(id, CheckResult.fail(Check.TRAIL_BUCKET, id, quoted, quoted)));
        }
        Report report = report(accounts, changes(List.of(), List.of()));

        publisher("always").publish(report);

        PublishRequest request = published();
        int bytes = request.message().getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, MessageAttributeValue> a : request.messageAttributes().entrySet()) {
            bytes += a.getKey().length() + a.getValue().dataType().length() + a.getValue().stringValue().length();
        }
        assertThat(bytes).isLessThanOrEqualTo(262_144).isGreaterThan(200_000);
    }

    @Test
    void onChangeSkipsARunWithNothingNewAndOnFindingsACompliantOne() {
        Report unchanged = report(List.of(account("222222222222", CheckResult.fail(Check.TRAIL_LOGGING, "222222222222", "a", "b"))),
                changes(List.of(), List.of(finding("trail.logging", "222222222222"))));

        Publication skipped = publisher("on-change").publish(unchanged);

        assertThat(skipped.state()).isEqualTo(Publication.State.SKIPPED);
        assertThat(skipped.skipped()).isEqualTo("PUBLISH_WHEN=on-change: nothing changed since run run-1");
        assertThat(skipped.failed()).isFalse();
        verify(sns, never()).publish(any(PublishRequest.class));

        Report compliant = report(List.of(account("222222222222", CheckResult.pass(Check.TRAIL_LOGGING, "222222222222", "a", "a"))),
                changes(List.of(), List.of()));
        assertThat(publisher("on-findings").publish(compliant).state()).isEqualTo(Publication.State.SKIPPED);
        assertThat(publisher("on-findings").publish(unchanged).state()).isEqualTo(Publication.State.SENT);
    }

    @Test
    void aRunCutShortOrWithWarningsIsPublishedWhateverTheSetting() {
        Report unchanged = report(List.of(account("222222222222", CheckResult.pass(Check.TRAIL_LOGGING, "222222222222", "a", "a"))),
                changes(List.of(), List.of()));

        assertThat(publisher("on-change").publish(unchanged.asCutShort()).state()).isEqualTo(Publication.State.SENT);
        assertThat(publisher("on-change").publish(unchanged.withEvidence(null, List.of("the report could not be kept")))
                .state()).isEqualTo(Publication.State.SENT);
    }

    /** An event-driven run mails only when something changed, whatever PUBLISH_WHEN (the schedule's) says. */
    @Test
    void anEventDrivenRunIsPublishedOnlyWhenSomethingChangedOrFailedCallsAreListed() {
        Trigger trigger = new Trigger(List.of(new Trigger.Event("StopLogging", "222222222222", "who", "t", null)), List.of());
        Report unchanged = report(List.of(account("222222222222", CheckResult.fail(Check.TRAIL_LOGGING, "222222222222", "a", "b"))),
                changes(List.of(), List.of(finding("trail.logging", "222222222222")))).triggeredBy(trigger);
        Report changed = report(List.of(account("222222222222", CheckResult.fail(Check.TRAIL_LOGGING, "222222222222", "a", "b"))),
                changes(List.of(finding("trail.logging", "222222222222")), List.of())).triggeredBy(trigger);

        Publication skipped = publisher("always").publish(unchanged);

        assertThat(skipped.state()).isEqualTo(Publication.State.SKIPPED);
        assertThat(skipped.skipped()).startsWith("an event-driven re-check that changed nothing");
        assertThat(publisher("always").publish(unchanged.triggeredBy(null)).state()).as("the schedule: PUBLISH_WHEN")
                .isEqualTo(Publication.State.SENT);
        assertThat(publisher("on-findings").publish(changed).state()).isEqualTo(Publication.State.SENT);
        assertThat(publisher("always").publish(unchanged.withFailedCalls(FailedCalls.of(List.of(new FailedCall(
                trigger.events().get(0), "AccessDenied")), null))).state()).as("failed calls to tell").isEqualTo(Publication.State.SENT);
    }

    @Test
    void aRunFailureGoesOutAsJsonTooWithVerdictFailed() throws Exception {
        publisher("on-change").publish(RunFailure.exception("run-3", new IllegalStateException("boom"), START));

        PublishRequest request = published();
        JsonNode summary = Json.MAPPER.readTree(Json.MAPPER.readTree(request.message()).get("default").asText());
        assertThat(summary.get("verdict").asText()).isEqualTo("FAILED");
        assertThat(summary.at("/failure/error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(request.messageAttributes().get("verdict").stringValue()).isEqualTo("FAILED");
        assertThat(Json.MAPPER.readTree(request.message()).get("email").asText()).contains("FAILED (exception)");
    }
}
