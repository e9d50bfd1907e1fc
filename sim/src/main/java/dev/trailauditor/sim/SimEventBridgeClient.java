package dev.trailauditor.sim;

import dev.trailauditor.policy.Arn;
import java.util.Optional;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusRequest;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusResponse;
import software.amazon.awssdk.services.eventbridge.model.PolicyLengthExceededException;
import software.amazon.awssdk.services.eventbridge.model.PutPermissionRequest;
import software.amazon.awssdk.services.eventbridge.model.PutPermissionResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/**
 * Event buses and their policies for one caller in one region: DescribeEventBus (by name or ARN) and PutPermission
 * with a whole Policy, which replaces the bus's policy. Buses of other accounts are refused.
 */
final class SimEventBridgeClient extends SimClient implements EventBridgeClient {
    /** "The permission policy on the event bus cannot exceed 10 KB in size." */
    static final int MAX_POLICY_BYTES = 10_240;

    SimEventBridgeClient(Fleet fleet, String callerAccountId, String region) {
        super(fleet, SimService.EVENTBRIDGE, callerAccountId, region);
    }

    @Override
    public DescribeEventBusResponse describeEventBus(DescribeEventBusRequest request) {
        return read("DescribeEventBus", () -> {
            SimEventBus bus = bus(request.name(), "events:DescribeEventBus");
            return DescribeEventBusResponse.builder().name(bus.name()).arn(bus.arn()).policy(bus.policy().orElse(null)).build();
        });
    }

    /** Only the whole-policy form the auditor uses; a policy that is not JSON with statements is refused. */
    @Override
    public PutPermissionResponse putPermission(PutPermissionRequest request) {
        return write("PutPermission", () -> {
            SimEventBus bus = bus(request.eventBusName(), "events:PutPermission");
            String policy = request.policy();
            if (policy == null || request.principal() != null || request.statementId() != null) {
                throw error("ValidationException", 400, "the simulated EventBridge takes PutPermission with Policy only");
            }
            if (PolicyJson.utf8Size(policy) > MAX_POLICY_BYTES) {
                throw AwsErrors.<PolicyLengthExceededException>build(PolicyLengthExceededException.builder(), service,
                        "PolicyLengthExceededException", 400, "The policy is too long");
            }
            PolicyJson.statements(policy).filter(statements -> !statements.isEmpty())
                    .orElseThrow(() -> error("ValidationException", 400, "The policy is not valid JSON with statements"));
            bus.putPolicy(policy);
            return PutPermissionResponse.builder().build();
        });
    }

    private SimEventBus bus(String nameOrArn, String action) {
        Optional<Arn> arn = Arn.parse(nameOrArn);
        if (arn.isPresent() && !arn.get().accountId().equals(callerAccountId)) {
            throw service.accessDenied("User: " + Caller.of(callerAccountId).arn() + " is not authorized to perform: "
                    + action + " on resource: " + nameOrArn);
        }
        String name = arn.map(Arn::resourceName).orElse(nameOrArn);
        return fleet.findAccount(callerAccountId).flatMap(account -> account.findEventBus(region, name))
                .orElseThrow(() -> AwsErrors.<ResourceNotFoundException>build(ResourceNotFoundException.builder(), service,
                        "ResourceNotFoundException", 400, "Event bus " + name + " does not exist."));
    }
}
