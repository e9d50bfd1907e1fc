package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.GrantingPolicies;
import dev.trailauditor.sim.SimEventBus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event bus policy as the third central policy, through the real handler: a member newly registered is admitted
 * to the bus in central repair mode, after the bucket and key policies, and only planned in audit mode.
 */
class EventBusPolicyScenarioTest {
    private static final String AUDIT = "111111111111";
    private static final String NEW = "555555555555";
    private static final String BUS = "arn:aws:events:eu-west-1:111111111111:event-bus/trail-auditor-trail-events";
    /** events/env.json's members and a fifth account, just registered. */
    private static final String REGISTRY = """
            [{"accountId":"222222222222","name":"prod"},{"accountId":"333333333333","name":"staging"},
             {"accountId":"444444444444","name":"sandbox","homeRegion":"us-east-1"},{"accountId":"555555555555","name":"new"}]""";

    /** Everything in step with the registry but the bus, which a person admitted the first three members to by hand. */
    private static ScenarioFleet newMemberNotOnTheBus(String mode) {
        ScenarioFleet scenario = ScenarioFleet.withRegistry(REGISTRY);
        bus(scenario).policy(GrantingPolicies.bus(BUS, List.of("222222222222", "333333333333", "444444444444")));
        scenario.env.put("CENTRAL_POLICY_MODE", mode);
        return scenario;
    }

    private static SimEventBus bus(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).eventBus("eu-west-1", "trail-auditor-trail-events");
    }

    @Test
    void repairModeAdmitsANewlyRegisteredMemberAndKeepsTheHandWrittenStatements() throws Exception {
        ScenarioFleet scenario = newMemberNotOnTheBus("repair");
        String byHand = bus(scenario).policy().orElseThrow();

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).containsExactly(AUDIT + " PutPermission");
        assertThat(ScenarioFleet.findings(report)).containsExactly(NEW + " bus-policy.put-events REPAIRED");
        JsonNode written = Json.MAPPER.readTree(bus(scenario).policy().orElseThrow());
        JsonNode before = Json.MAPPER.readTree(byHand);
        assertThat(written.get("Statement")).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(written.get("Statement").get(i)).as("hand-written statement " + i).isEqualTo(before.get("Statement").get(i));
        }
        assertThat(written.at("/Statement/3").toString()).isEqualTo("{\"Sid\":\"TrailAuditorPutEvents\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::555555555555:root\"},\"Action\":\"events:PutEvents\",\"Resource\":\"" + BUS + "\","
                + "\"Condition\":{\"ForAllValues:StringEquals\":{\"events:source\":\"aws.cloudtrail\",\"events:detail-type\":"
                + "\"AWS API Call via CloudTrail\"},\"Null\":{\"events:source\":\"false\",\"events:detail-type\":\"false\"}}}");
        JsonNode change = ScenarioFleet.find(report, "/central/changes", "policy", "bus policy");
        assertThat(change.get("state").asText()).isEqualTo("WRITTEN");
        assertThat(change.get("resource").asText()).isEqualTo(BUS);
        assertThat(change.get("policyBefore").asText()).isEqualTo(byHand);
        assertThat(report.at("/central/eventBus").asText()).isEqualTo(BUS);
        assertThat(scenario.secondRun().get("summary").asText()).isEqualTo("all 4 accounts compliant");
    }

    @Test
    void auditModeOnlyPlansTheBusPolicy() {
        ScenarioFleet scenario = newMemberNotOnTheBus("audit");
        String byHand = bus(scenario).policy().orElseThrow();

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).isEmpty();
        assertThat(bus(scenario).policy()).hasValue(byHand);
        assertThat(ScenarioFleet.findings(report)).containsExactly(NEW + " bus-policy.put-events FAIL");
        JsonNode change = ScenarioFleet.find(report, "/central/changes", "policy", "bus policy");
        assertThat(change.get("state").asText()).isEqualTo("PLANNED");
        assertThat(change.get("shape").asText()).isEqualTo("ACCOUNT_LIST");
        assertThat(change.at("/added/0/Principal/AWS").asText()).isEqualTo("arn:aws:iam::555555555555:root");
        assertThat(change.get("limit").asInt()).isEqualTo(10_240);
        assertThat(scenario.fleet.account(AUDIT).snsTopic("eu-west-1", "trail-audit").messages()).singleElement()
                .satisfies(email -> assertThat(email.body()).contains("event bus " + BUS)
                        .contains("bus-policy.put-events"));
    }
}
