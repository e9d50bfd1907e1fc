package dev.trailauditor.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The nightly audit of a fleet set up by hand, in audit mode, by the Lambda function and by the CLI: what they find,
 * what the function sends, and that neither writes anything.
 */
class AuditTest extends EmulatorTest {
    /**
     * What a healthy fleet fails on the emulator alone (docs/emulator.md): moto refuses every object request under a
     * TLS-only Deny, so the fleet has none; and it never counts a subscription as confirmed.
     */
    static final List<String> EMULATOR_GAPS = List.of("bucket.tls-only FAIL", "report.subscribers FAIL");

    @BeforeEach
    void healthyFleet() {
        fleet.central().member("222222222222", "prod").member("333333333333", "staging").member("444444444444", "sandbox")
                .trails().grants().registry().deliveredRecently();
    }

    @Test
    void theFunctionFindsAHealthyFleetCompliantWritesNothingAndMailsTheReport() {
        FunctionProcess function = function(Map.of());
        MOTO.startRecording();

        JsonNode report = function.report(event("scheduled.json"));

        List<RecordedCall> calls = MOTO.recorded();
        assertThat(notPassed(report)).containsExactlyInAnyOrderElementsOf(EMULATOR_GAPS);
        assertThat(results(report)).hasSizeGreaterThan(60).contains("trail.home-region [222222222222] PASS",
                "delivery.arrived [444444444444] PASS", "bucket-policy.write [333333333333] PASS", "bus-policy.put-events [222222222222] PASS");
        assertThat(calls.stream().filter(RecordedCall::writes).map(RecordedCall::toString)).containsExactly("sns:Publish");
        assertThat(calls.stream().filter(c -> c.operation().equals("AssumeRole"))).hasSize(3);

        List<Fleet.Published> mail = fleet.published();
        assertThat(mail).hasSize(1);
        Fleet.Published sent = mail.get(0);
        assertThat(sent.subject()).isEqualTo(report.path("publication").path("subject").asText())
                .startsWith("Trail audit: all 3 accounts compliant");
        assertThat(sent.summary().path("runId").asText()).isEqualTo(report.path("runId").asText());
        assertThat(sent.summary().path("verdict").asText()).isEqualTo("COMPLIANT");
        assertThat(sent.summary().path("totals").path("compliant").asInt()).isEqualTo(3);
        assertThat(sent.attributes()).containsEntry("verdict", "COMPLIANT").containsEntry("centralPolicyMode", "audit")
                .containsEntry("trailMode", "audit");
        assertThat(sent.email()).contains("prod (222222222222)", "sandbox (444444444444)", "report.subscribers")
                .doesNotContain("null");
    }

    /** The CLI jar, as a workstation runs it with the same settings in a file: the same verdicts, nothing written or sent. */
    @Test
    void theCliJarAuditsTheSameFleetTheSameWayAndSendsNothing() throws Exception {
        MOTO.startRecording();

        CliProcess.Result run = CliProcess.run(work, fleet.settings(Map.of()), MOTO.environment(Fleet.AUDIT), "audit", "--json");

        List<RecordedCall> calls = MOTO.recorded();
        // 1: drift remains, the emulator's gap (0 would be every check passed, 2 the run failed).
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        JsonNode report = Moto.tree(run.stdout());
        // A terminal run has no report topic, so report.subscribers is not judged.
        assertThat(notPassed(report)).containsExactly("bucket.tls-only FAIL");
        assertThat(results(report)).noneMatch(r -> r.startsWith("report.subscribers"));
        assertThat(report.path("accounts")).hasSize(3);
        assertThat(calls.stream().filter(RecordedCall::writes)).as("a dry run from the terminal writes and sends nothing")
                .isEmpty();
        assertThat(fleet.published()).isEmpty();
    }
}
