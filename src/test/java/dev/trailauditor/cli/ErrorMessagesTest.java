package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.config.ConfigException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

/** The SDK's own messages and exceptions, as the SDK raises them, turned into lines a person acts on. */
class ErrorMessagesTest {

    private static StsException sts(String code) {
        return (StsException) StsException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("The security token is bad").build())
                .build();
    }

    @Test
    void noCredentials() {
        assertThat(ErrorMessages.describe(SdkClientException.create("Unable to load credentials from any of the providers"
                + " in the chain AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider()])")))
                .isEqualTo("no AWS credentials found: set AWS_PROFILE (or --profile) or run 'aws sso login'");
    }

    @Test
    void expiredSsoSession() {
        assertThat(ErrorMessages.describe(SdkClientException.create("Unable to load credentials from any of the providers"
                + " in the chain: [ProfileCredentialsProvider(): The SSO session associated with this profile has expired"
                + " or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.]")))
                .startsWith("the AWS SSO session has expired or is not signed in: run 'aws sso login'");
    }

    @Test
    void expiredOrRejectedKeys() {
        assertThat(ErrorMessages.describe(sts("ExpiredToken"))).startsWith("the AWS credentials have expired (ExpiredToken)");
        assertThat(ErrorMessages.describe(sts("InvalidClientTokenId")))
                .isEqualTo("AWS rejected the credentials (InvalidClientTokenId): check the profile or the access key");
    }

    @Test
    void wrongRegionOrEndpoint() {
        assertThat(ErrorMessages.describe(SdkClientException.create("Unable to execute HTTP request",
                new UnknownHostException("sts.eu-wast-1.amazonaws.com"))))
                .isEqualTo("cannot resolve sts.eu-wast-1.amazonaws.com: check the region (--region, AWS_REGION) and AWS_ENDPOINT_URL");
        assertThat(ErrorMessages.describe(SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused")))).contains("is the endpoint in AWS_ENDPOINT_URL running?");
    }

    @Test
    void configProblemsOneLineEach() {
        assertThat(ErrorMessages.describe(new ConfigException(List.of("a.yaml line 2: LOG_PREFIX='/x' bad", "CENTRAL_BUCKET is not set"))))
                .isEqualTo("invalid configuration:\n  a.yaml line 2: LOG_PREFIX='/x' bad\n  CENTRAL_BUCKET is not set");
    }

    @Test
    void anythingElseIsItsFirstLine() {
        assertThat(ErrorMessages.describe(new IllegalStateException("broken\n\tdetail"))).isEqualTo("IllegalStateException: broken");
    }
}
