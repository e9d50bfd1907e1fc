package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** events/recheck-accounts.json: a targeted re-check of some registered accounts through the real handler. */
class RecheckAccountsScenarioTest {

    @Test
    void auditsOnlyTheNamedAccountsAndTheCentralPoliciesAsUsual() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.trail("222222222222").stopLogging();
        scenario.trail("333333333333").bucket("someone-elses-bucket"); // not asked about: not looked at

        JsonNode report = scenario.invoke("events/recheck-accounts.json");

        assertThat(report.get("accounts")).extracting(a -> a.get("accountId").asText()).containsExactly("222222222222");
        assertThat(ScenarioFleet.findings(report)).containsExactly("222222222222 trail.logging FAIL");
        assertThat(scenario.fleet.assumedRoles()).extracting(r -> r.roleArn())
                .containsExactly("arn:aws:iam::222222222222:role/TrailAuditorMemberRole");
        assertThat(report.at("/central/checks")).as("central grants of every registered member are still checked")
                .extracting(c -> c.path("account").asText()).contains("333333333333", "444444444444");
        assertThat(report.get("summary").asText()).isEqualTo("1 of 1 account drifted");
    }

    @Test
    void anUnregisteredAccountIsAClearErrorBeforeAnyMemberCall() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        Map<String, Object> event = ScenarioFleet.event("events/recheck-accounts.json");
        event.put("detail", Map.of("accounts", List.of("222222222222", "999999999999")));

        assertThatThrownBy(() -> scenario.handler().handleRequest(event, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not registered: 999999999999");
        assertThat(scenario.fleet.assumedRoles()).isEmpty();
    }

    @Test
    void accountsThatAreNotAListOfStringsAreRefused() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        Map<String, Object> event = ScenarioFleet.event("events/recheck-accounts.json");
        event.put("detail", Map.of("accounts", "222222222222"));

        assertThatThrownBy(() -> scenario.handler().handleRequest(event, null))
                .hasMessageContaining("detail.accounts must be a list of account ids");
    }
}
