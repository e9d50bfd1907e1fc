package dev.trailauditor.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** delivery.arrived read from the files themselves: what is in the central bucket, not what the trail says. */
class DeliveryTest extends EmulatorTest {

    @Test
    void onlyRecentLogAndDigestFilesUnderTheCentralKeyPass() {
        Instant recently = Instant.now().minusSeconds(600);
        fleet.central().member("222222222222", "delivers").member("333333333333", "silent")
                .member("444444444444", "wrong-key").member("555555555555", "no-digest").trails().grants().registry()
                .delivered("222222222222", recently)
                .delivered("444444444444", recently, true, false)
                .delivered("555555555555", recently, false, true);

        JsonNode report = function(Map.of()).report(event("scheduled.json"));

        Map<String, JsonNode> arrived = list(report.path("accounts")).stream().collect(Collectors.toMap(
                a -> a.path("accountId").asText(), a -> list(a.path("checks")).stream()
                        .filter(c -> c.path("check").asText().equals("delivery.arrived")).findFirst().orElseThrow()));
        assertThat(arrived.get("222222222222").path("outcome").asText()).isEqualTo("PASS");
        assertThat(arrived.get("222222222222").path("actual").asText()).contains("SSE-KMS with the central key", "newest digest file");
        assertThat(arrived.get("333333333333").path("outcome").asText()).isEqualTo("FAIL");
        assertThat(arrived.get("333333333333").path("actual").asText())
                .contains("no log file in org/AWSLogs/333333333333/CloudTrail/eu-west-1/");
        assertThat(arrived.get("444444444444").path("outcome").asText()).isEqualTo("FAIL");
        assertThat(arrived.get("444444444444").path("actual").asText()).contains("is encrypted with AES256, not SSE-KMS");
        assertThat(arrived.get("555555555555").path("outcome").asText()).isEqualTo("FAIL");
        assertThat(arrived.get("555555555555").path("actual").asText()).contains("no digest file");
        // Only delivery.arrived fails: every trail says it delivers, which the files disprove.
        assertThat(notPassed(report)).filteredOn(r -> !AuditTest.EMULATOR_GAPS.contains(r)).containsExactlyInAnyOrder(
                "delivery.arrived [333333333333] FAIL", "delivery.arrived [444444444444] FAIL", "delivery.arrived [555555555555] FAIL");
        Fleet.Published sent = fleet.published().get(0);
        assertThat(sent.summary().path("verdict").asText()).isEqualTo("DRIFTED");
        assertThat(sent.email()).contains("delivery.arrived", "silent (333333333333)");
    }
}
