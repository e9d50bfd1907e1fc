package dev.trailauditor.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/**
 * Repair mode on a drifted fleet: central policies, then each kind of trail write (StartLogging, UpdateTrail,
 * CreateTrail, PutEventSelectors); then runs until one writes nothing.
 */
class RepairTest extends EmulatorTest {
    private static final Map<String, String> REPAIR = Map.of("CENTRAL_POLICY_MODE", "repair", "TRAIL_MODE", "repair",
            "CREATE_MISSING_TRAILS", "true");

    @Test
    void aDriftedFleetIsRepairedAndARunWithNothingLeftWritesNothing() {
        fleet.central().member("222222222222", "stopped").member("333333333333", "narrowed")
                .member("444444444444", "missing", true).member("555555555555", "deaf")
                .trail("222222222222", t -> {}, true, false)
                .trail("333333333333", t -> t.isMultiRegionTrail(false).enableLogFileValidation(false), true, true)
                .trail("555555555555", t -> {}, false, true)
                .registry().deliveredRecently();
        FunctionProcess function = function(REPAIR);
        MOTO.startRecording();

        JsonNode first = function.report(event("scheduled.json"));

        List<RecordedCall> calls = MOTO.recorded();
        List<String> writes = calls.stream().filter(RecordedCall::writes).map(RecordedCall::toString).toList();
        assertThat(calls).filteredOn(c -> c.operation().equals("PutKeyPolicy")).singleElement()
                .satisfies(c -> assertThat(Moto.tree(c.body()).path("BypassPolicyLockoutSafetyCheck").asBoolean(false))
                        .as("KMS's lockout check stays on").isFalse());
        // Central policies first (bucket, key, bus), then the trails, then the report.
        assertThat(writes).containsSubsequence("s3:PUT PUT /central-trail-logs", "kms:PutKeyPolicy", "events:PutPermission",
                "sns:Publish");
        assertThat(writes).contains("cloudtrail:StartLogging", "cloudtrail:UpdateTrail", "cloudtrail:CreateTrail",
                "cloudtrail:PutEventSelectors");
        assertThat(writes.indexOf("kms:PutKeyPolicy")).isLessThan(writes.indexOf("cloudtrail:CreateTrail"));
        assertThat(repairs(first)).containsEntry("222222222222", List.of("StartLogging DONE"))
                .containsEntry("333333333333", List.of("UpdateTrail DONE"))
                .containsEntry("555555555555", List.of("PutEventSelectors DONE"));
        assertThat(repairs(first).get("444444444444")).containsExactly("CreateTrail DONE", "StartLogging DONE");
        // CloudTrail gives a created trail all management events; moto gives it no selector, and the run says so, read
        // back after its writes (the emulator gap of docs/emulator.md).
        assertThat(notPassed(first)).contains("trail.management-events [444444444444] FAIL")
                .allMatch(r -> r.endsWith(" REPAIRED") || AuditTest.EMULATOR_GAPS.contains(r)
                        || r.equals("trail.management-events [444444444444] FAIL"));

        try (CloudTrailClient stopped = fleet.cloudTrail("222222222222"); CloudTrailClient narrowed = fleet.cloudTrail("333333333333");
             CloudTrailClient missing = fleet.cloudTrail("444444444444"); CloudTrailClient deaf = fleet.cloudTrail("555555555555")) {
            assertThat(stopped.getTrailStatus(r -> r.name(Fleet.TRAIL)).isLogging()).isTrue();
            Trail widened = narrowed.getTrail(r -> r.name(Fleet.TRAIL)).trail();
            assertThat(widened.isMultiRegionTrail()).isTrue();
            assertThat(widened.logFileValidationEnabled()).isTrue();
            Trail created = missing.getTrail(r -> r.name(Fleet.TRAIL)).trail();
            assertThat(List.of(created.s3BucketName(), created.s3KeyPrefix(), created.kmsKeyId()))
                    .containsExactly(Fleet.BUCKET, Fleet.PREFIX, fleet.keyArn);
            assertThat(missing.getTrailStatus(r -> r.name(Fleet.TRAIL)).isLogging()).isTrue();
            assertThat(deaf.getEventSelectors(r -> r.trailName(Fleet.TRAIL)).eventSelectors())
                    .anySatisfy(s -> assertThat(s.includeManagementEvents()).isTrue());
        }
        Fleet.Published repaired = fleet.published().get(0);
        assertThat(repaired.attributes()).containsEntry("centralPolicyMode", "repair").containsEntry("trailMode", "repair");
        assertThat(repaired.email()).contains("StartLogging", "CreateTrail", "PutEventSelectors", "UpdateTrail");

        MOTO.startRecording();
        JsonNode second = function.report(event("scheduled.json"));

        assertThat(MOTO.recorded().stream().filter(RecordedCall::writes).map(RecordedCall::toString))
                .containsExactly("cloudtrail:PutEventSelectors", "sns:Publish");
        assertThat(repairs(second)).containsEntry("444444444444", List.of("PutEventSelectors DONE"));
        assertThat(repairs(second).entrySet()).filteredOn(e -> !e.getKey().equals("444444444444"))
                .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEmpty());
        fleet.published();

        MOTO.startRecording();
        JsonNode third = function.report(event("scheduled.json"));

        assertThat(MOTO.recorded().stream().filter(RecordedCall::writes).map(RecordedCall::toString))
                .as("nothing left to repair").containsExactly("sns:Publish");
        assertThat(notPassed(third)).containsExactlyInAnyOrderElementsOf(AuditTest.EMULATOR_GAPS);
        assertThat(repairs(third).values()).allSatisfy(r -> assertThat(r).isEmpty());
        assertThat(third.path("central").path("changes")).allSatisfy(c -> assertThat(c.path("state").asText()).isEqualTo("UNCHANGED"));
        assertThat(fleet.published()).singleElement().satisfies(m -> assertThat(m.summary().path("verdict").asText())
                .isEqualTo("COMPLIANT"));
    }

    /** Each account's repairs as "call STATE". */
    private static Map<String, List<String>> repairs(JsonNode report) {
        return list(report.path("accounts")).stream().collect(Collectors.toMap(a -> a.path("accountId").asText(),
                a -> list(a.path("repairs")).stream().map(r -> r.path("call").asText() + " " + r.path("state").asText()).toList()));
    }
}
