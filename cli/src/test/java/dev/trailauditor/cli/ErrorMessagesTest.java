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
    void anUnreachableEndpointIsNamedAndTheRegionIsNotBlamed() {
        SdkClientException unknownHost = SdkClientException.create("Unable to execute HTTP request",
                new UnknownHostException("emulator.invalid"));
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused"));

        assertThat(ErrorMessages.describe(ErrorMessages.reaching("http://emulator.invalid:4566 (AWS_ENDPOINT_URL)", unknownHost)))
                .isEqualTo("the endpoint http://emulator.invalid:4566 (AWS_ENDPOINT_URL) could not be reached:"
                        + " unknown host emulator.invalid (check the address, DNS and proxy)");
        assertThat(ErrorMessages.describe(ErrorMessages.reaching("of STS in eu-west-1", refused)))
                .isEqualTo("the endpoint of STS in eu-west-1 could not be reached: connection refused"
                        + " (check that it is running and that the network and proxy let you reach it)");
        assertThat(ErrorMessages.describe(refused)).as("where the endpoint is not known")
                .startsWith("an AWS endpoint could not be reached: connection refused").doesNotContain("region");
        IllegalStateException other = new IllegalStateException("no");
        assertThat(ErrorMessages.reaching("x", other)).as("anything else is passed on as it is").isSameAs(other);
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
