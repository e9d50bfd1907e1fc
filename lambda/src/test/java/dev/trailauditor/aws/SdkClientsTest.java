package dev.trailauditor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdkClientsTest {

    @ParameterizedTest
    @CsvSource({
        "http://localhost:4566, true",
        "http://127.0.0.1:9000, true",
        "http://[::1]:4566, true",
        "http://s3.localhost:4566, true",
        "https://s3.localhost.localstack.cloud:4566, false",
        "https://minio.example.com, false",
    })
    void emulatorsOnIpAddressesOrLocalhostGetPathStyle(String endpoint, boolean pathStyle) {
        assertThat(SdkClients.Endpoints.needsPathStyle(Map.of("AWS_ENDPOINT_URL", endpoint))).isEqualTo(pathStyle);
    }

    @Test
    void noEndpointOverrideKeepsVirtualHostedStyle() {
        assertThat(SdkClients.Endpoints.needsPathStyle(Map.of())).isFalse();
        assertThat(SdkClients.Endpoints.needsPathStyle(Map.of("AWS_ENDPOINT_URL", "https://proxy.example.com",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000"))).as("the S3-specific endpoint wins").isTrue();
    }

    @Test
    void anEmptyEndpointMeansAwsOwnAsTheTemplateDeclaresIt() {
        Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "", "AWS_ENDPOINT_URL_S3", " ");
        try (SdkClients clients = new SdkClients(env)) {
            assertThat(clients.kms("eu-west-1").serviceClientConfiguration().endpointOverride()).isEmpty();
            assertThat(clients.s3("eu-west-1").serviceClientConfiguration().endpointOverride()).isEmpty();
        }
        assertThat(SdkClients.Endpoints.needsPathStyle(env)).isFalse();
    }

    @Test
    void anEndpointPointsEveryClientThereAndAServiceOwnWins() {
        Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "http://localhost:4566",
                "AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:9000", "AWS_ENDPOINT_URL_S3", "");
        try (SdkClients clients = new SdkClients(env)) {
            assertThat(clients.s3("eu-west-1").serviceClientConfiguration().endpointOverride())
                    .as("an empty service endpoint falls back to the general one").contains(URI.create("http://localhost:4566"));
            assertThat(clients.sns("us-east-1").serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://localhost:4566"));
            assertThat(clients.kms("eu-west-1").serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:9000"));
        }
    }

    @Test
    void anEmptyEndpointVariableInTheProcessTurnsOffTheSdksOwnReadingOfThem() {
        String before = System.getProperty(SdkClients.Endpoints.IGNORE_CONFIGURED);
        try {
            System.clearProperty(SdkClients.Endpoints.IGNORE_CONFIGURED);
            SdkClients.Endpoints.ignoreEmptyInProcess(Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"));
            assertThat(System.getProperty(SdkClients.Endpoints.IGNORE_CONFIGURED)).as("a set endpoint stays the SDK's").isNull();
            SdkClients.Endpoints.ignoreEmptyInProcess(Map.of("AWS_ENDPOINT_URL", ""));
            assertThat(System.getProperty(SdkClients.Endpoints.IGNORE_CONFIGURED)).isEqualTo("true");
        } finally {
            if (before == null) {
                System.clearProperty(SdkClients.Endpoints.IGNORE_CONFIGURED);
            } else {
                System.setProperty(SdkClients.Endpoints.IGNORE_CONFIGURED, before);
            }
        }
    }

    @Test
    void functionRegionComesFromLambdasVariables() {
        assertThat(SdkClients.functionRegion(Map.of("AWS_REGION", "eu-central-1"))).isEqualTo("eu-central-1");
        assertThat(SdkClients.functionRegion(Map.of("AWS_DEFAULT_REGION", "ap-northeast-1"))).isEqualTo("ap-northeast-1");
    }

    @Test
    void clientsAreBuiltOncePerRegionWithThatRegion() {
        try (SdkClients clients = new SdkClients(Map.of("AWS_REGION", "eu-west-1"))) {
            assertThat(clients.s3("eu-west-1")).isSameAs(clients.s3("eu-west-1"));
            assertThat(clients.kms("eu-west-1")).isNotSameAs(clients.kms("us-east-1"));
            assertThat(clients.kms("us-east-1").serviceClientConfiguration().region().id()).isEqualTo("us-east-1");
        }
    }
}
