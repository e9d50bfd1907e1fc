package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalSettingsTest {

    @Test
    void withoutRepairEveryModeIsAuditWhateverTheConfigSays() {
        Map<String, String> settings = TerminalSettings.of(Map.of("TRAIL_MODE", "repair"), Map.of("CENTRAL_POLICY_MODE", "repair"), false);

        assertThat(settings).containsEntry("TRAIL_MODE", "audit").containsEntry("CENTRAL_POLICY_MODE", "audit");
    }

    @Test
    void withRepairTheConfigDecidesAndUnsetMeansRepair() {
        Map<String, String> settings = TerminalSettings.of(Map.of(), Map.of("CENTRAL_POLICY_MODE", "audit"), true);

        assertThat(settings).containsEntry("CENTRAL_POLICY_MODE", "audit").containsEntry("TRAIL_MODE", "repair");
    }

    @Test
    void theFileOverridesTheEnvironmentAndTheTopicIsDropped() {
        Map<String, String> settings = TerminalSettings.of(
                Map.of("CENTRAL_BUCKET", "from-env", "AWS_REGION", "eu-west-1", "REPORT_TOPIC_ARN", "arn:aws:sns:eu-west-1:111111111111:t"),
                Map.of("CENTRAL_BUCKET", "from-file"), false);

        assertThat(settings).containsEntry("CENTRAL_BUCKET", "from-file").containsEntry("AWS_REGION", "eu-west-1")
                .doesNotContainKey("REPORT_TOPIC_ARN");
    }

    @Test
    void aModeThatIsNeitherAuditNorRepairIsKeptForTheLoaderToRefuseEvenInADryRun() {
        Map<String, String> dryRun = TerminalSettings.of(Map.of("TRAIL_MODE", "fix"), Map.of("CENTRAL_POLICY_MODE", "Repairs"), false);

        assertThat(dryRun).containsEntry("TRAIL_MODE", "fix").containsEntry("CENTRAL_POLICY_MODE", "Repairs");
    }
}
