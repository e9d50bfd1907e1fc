package dev.trailauditor.sim;

import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** SSM GetParameter (the member registry may live in a parameter). */
final class SimSsmClient extends SimClient implements SsmClient {

    SimSsmClient(Fleet fleet, String callerAccountId, String region) {
        super(fleet, SimService.SSM, callerAccountId, region);
    }

    @Override
    public GetParameterResponse getParameter(GetParameterRequest request) {
        return read("GetParameter", () -> {
            SimAccount.Parameter p = fleet.findAccount(callerAccountId)
                    .flatMap(a -> a.findParameter(region, request.name()))
                    .orElseThrow(() -> AwsErrors.<ParameterNotFoundException>build(ParameterNotFoundException.builder(),
                            service, "ParameterNotFound", 400, "Parameter " + request.name() + " not found."));
            String path = p.name().startsWith("/") ? p.name() : "/" + p.name();
            return GetParameterResponse.builder().parameter(Parameter.builder()
                    .name(p.name())
                    .value(p.value())
                    .type(ParameterType.STRING)
                    .version(1L)
                    .dataType("text")
                    .lastModifiedDate(p.lastModified())
                    .arn("arn:aws:ssm:" + region + ":" + callerAccountId + ":parameter" + path)
                    .build()).build();
        });
    }
}
