package dev.trailauditor.sim;

import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Builds exceptions the way the SDK's unmarshallers do: the modelled type, message, HTTP
 * status and AwsErrorDetails (code, message, service id), so callers can switch on
 * {@code awsErrorDetails().errorCode()} or catch the modelled type and both work.
 */
final class AwsErrors {
    private AwsErrors() {
    }

    @SuppressWarnings("unchecked")
    static <E extends AwsServiceException> E build(AwsServiceException.Builder builder, SimService service,
                                                   String errorCode, int statusCode, String message) {
        builder.message(message);
        builder.statusCode(statusCode);
        builder.requestId(UUID.randomUUID().toString());
        builder.awsErrorDetails(AwsErrorDetails.builder()
                .errorCode(errorCode)
                .errorMessage(message)
                .serviceName(service.errorServiceName())
                .build());
        return (E) builder.build();
    }
}
