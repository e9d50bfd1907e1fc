package dev.trailauditor.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The template's Rules section evaluated as CloudFormation evaluates it before creating anything: the dangerous
 * history settings are refused at deploy time, each with a description naming the parameter and what to do.
 */
class TemplateRulesTest {
    private static final CfnTemplate TEMPLATE = CfnTemplate.read("template.yaml");

    private static List<String> broken(Map<String, String> overrides) {
        Map<String, String> parameters = new HashMap<>(Map.of("CentralBucket", "central-trail-logs",
                "MemberRegistry", "[{\"accountId\":\"222222222222\"}]"));
        parameters.putAll(overrides);
        return TEMPLATE.deploy(parameters, Map.of("AWS::Partition", "aws", "AWS::AccountId", "111111111111",
                "AWS::Region", "eu-west-1"), Map.of()).brokenRules();
    }

    @Test
    void aWorkingDeploymentBreaksNoRule() {
        assertThat(broken(Map.of())).as("the stack creates the history bucket").isEmpty();
        assertThat(broken(Map.of("HistoryBucket", "audit-history", "HistoryPrefix", "trail-auditor"))).isEmpty();
    }

    @Test
    void theHistoryMayNotGoIntoTheCentralBucket() {
        assertThat(broken(Map.of("HistoryBucket", "central-trail-logs", "HistoryPrefix", "trail-auditor")))
                .singleElement().asString().startsWith("HistoryBucket is the CentralBucket").contains("name another bucket");
    }

    @Test
    void aNamedHistoryBucketNeedsAPrefix() {
        assertThat(broken(Map.of("HistoryBucket", "audit-history")))
                .singleElement().asString().startsWith("HistoryPrefix is empty").contains("set HistoryPrefix");
    }

    @Test
    void theRegistryRulesStillHold() {
        assertThat(broken(Map.of("MemberRegistry", ""))).singleElement().asString().contains("both are empty");
    }
}
