package dev.trailauditor.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/** Turns an exception from an AWS call into one line a person can act on. */
public final class Failures {
    private Failures() {}

    public static String describe(Throwable failure) {
        if (failure instanceof IncompleteAnswer) {
            return failure.getMessage();
        }
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof StsException sts) {
                return "cannot assume the member role: " + service(sts);
            }
            if (cause instanceof AwsServiceException service) {
                return service(service);
            }
            if (cause instanceof ApiCallTimeoutException) {
                return "timed out: " + cause.getMessage();
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        String kind = failure instanceof SdkException ? "" : failure.getClass().getSimpleName() + ": ";
        return kind + failure.getMessage();
    }

    private static String service(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return (code == null ? "" : code + ": ") + (message == null ? e.getMessage() : message);
    }
}
