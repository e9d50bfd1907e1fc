package dev.trailauditor.cli;

import dev.trailauditor.aws.Failures;
import dev.trailauditor.config.ConfigException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns what stops a terminal run into lines a person can act on: no credentials, an expired SSO
 * session, an unknown profile, an unreachable endpoint or region, a bad config (one line per problem).
 */
final class ErrorMessages {
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired");
    private static final Set<String> REJECTED = Set.of("InvalidClientTokenId", "UnrecognizedClientException",
            "SignatureDoesNotMatch", "InvalidAccessKeyId");

    private ErrorMessages() {}

    static String describe(Throwable failure) {
        if (failure instanceof ConfigException config) {
            return "invalid configuration:\n  " + String.join("\n  ", config.problems());
        }
        if (failure instanceof CliArguments.UsageException usage) {
            return usage.getMessage() + " (see --help)";
        }
        if (failure instanceof UncheckedIOException io) {
            return io.getMessage();
        }
        String message = String.valueOf(failure.getMessage());
        if (message.contains("SSO session") || message.contains("sso login") || message.contains("Token is expired")) {
            return "the AWS SSO session has expired or is not signed in: run 'aws sso login' (with --profile if you use one)";
        }
        if (message.contains("Unable to load credentials from any of the providers")) {
            return "no AWS credentials found: set AWS_PROFILE (or --profile) or run 'aws sso login'";
        }
        if (message.contains("Profile file contained no credentials for profile")) {
            return "the AWS profile has no credentials: " + firstLine(message);
        }
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            if (EXPIRED.contains(code)) {
                return "the AWS credentials have expired (" + code + "): refresh them, e.g. 'aws sso login'";
            }
            if (REJECTED.contains(code)) {
                return "AWS rejected the credentials (" + code + "): check the profile or the access key";
            }
        }
        if (failure instanceof Unreachable) {
            return failure.getMessage();
        }
        Throwable network = network(failure);
        if (network != null) {
            return "an AWS endpoint could not be reached: " + reason(network);
        }
        if (failure instanceof SdkClientException || failure instanceof AwsServiceException) {
            return firstLine(Failures.describe(failure));
        }
        return firstLine(failure instanceof IllegalArgumentException ? message
                : failure.getClass().getSimpleName() + ": " + message);
    }

    /**
     * A failure to reach AWS at all, as one line naming the endpoint tried; any other failure as it is. The
     * region is not blamed: it was checked before, and an unreachable endpoint is the network's or the emulator's.
     */
    static RuntimeException reaching(String endpoint, RuntimeException failure) {
        Throwable network = network(failure);
        return network == null ? failure
                : new Unreachable("the endpoint " + endpoint + " could not be reached: " + reason(network), failure);
    }

    /** Said in full where the endpoint was known. */
    private static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static Throwable network(Throwable failure) {
        return cause(failure, UnknownHostException.class, ConnectException.class, SocketTimeoutException.class);
    }

    private static String reason(Throwable network) {
        if (network instanceof UnknownHostException) {
            return "unknown host " + network.getMessage() + " (check the address, DNS and proxy)";
        }
        return firstLine(String.valueOf(network.getMessage())).toLowerCase(Locale.ROOT)
                + " (check that it is running and that the network and proxy let you reach it)";
    }

    private static Throwable cause(Throwable failure, Class<?>... kinds) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<?> kind : kinds) {
                if (kind.isInstance(cause)) {
                    return cause;
                }
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse(text);
    }
}
