package dev.trailauditor.aws;

import static org.assertj.core.api.Assertions.assertThat;

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
