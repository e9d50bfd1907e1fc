package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PolicyLengthExceededException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/** The simulated bus answers DescribeEventBus and PutPermission(Policy) as the auditor uses them. */
class SimEventBridgeClientTest {
    private static final String BUS = "arn:aws:events:eu-west-1:111111111111:event-bus/trail-events";
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"m\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":\"events:PutEvents\",\"Resource\":\"" + BUS + "\"}]}";

    private final Fleet fleet = new Fleet();
    private final SimEventBus bus = fleet.account("111111111111").eventBus("eu-west-1", "trail-events");
    private final EventBridgeClient events = fleet.eventBridge("111111111111", "eu-west-1");

    @Test
    void aBusWithoutAPolicyAnswersWithoutOneByNameOrArn() {
        assertThat(events.describeEventBus(r -> r.name(BUS)).policy()).isNull();
        assertThat(events.describeEventBus(r -> r.name("trail-events")).arn()).isEqualTo(BUS);
    }

    @Test
    void putPermissionWithAPolicyReplacesTheWholePolicy() {
        bus.policy("{\"Statement\":[{\"Sid\":\"old\"}]}");

        events.putPermission(r -> r.eventBusName("trail-events").policy(POLICY));

        assertThat(events.describeEventBus(r -> r.name(BUS)).policy()).isEqualTo(POLICY);
        assertThat(bus.policyWrites()).containsExactly(POLICY);
        assertThat(fleet.mutatingCalls()).extracting(SimCall::operation).containsExactly("PutPermission");
    }

    @Test
    void refusesWhatEventBridgeRefuses() {
        String tooLong = POLICY.replace("\"Sid\":\"m\"", "\"Sid\":\"" + "m".repeat(10_240) + "\"");
        assertThatThrownBy(() -> events.putPermission(r -> r.eventBusName("trail-events").policy(tooLong)))
                .isInstanceOf(PolicyLengthExceededException.class);
        assertThatThrownBy(() -> events.describeEventBus(r -> r.name("no-such-bus")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> fleet.eventBridge("222222222222", "eu-west-1").describeEventBus(r -> r.name(BUS)))
                .hasMessageContaining("not authorized");
        assertThat(bus.policy()).isEmpty();
    }
}
