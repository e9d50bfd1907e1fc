package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The workstation's first call through the real SDK, to a loopback port nothing listens on. */
class WorkstationTest {
    @AfterEach
    void clearSettings() {
        List.of("aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey").forEach(System::clearProperty);
    }

    @Test
    void anEndpointThatRefusesTheConnectionIsNamedInOneLine() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        }
        String endpoint = "http://127.0.0.1:" + port;
        // The SDK reads AWS_ENDPOINT_URL from the process environment; its system-property twin stands in here.
        System.setProperty("aws.endpointUrl", endpoint);
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "secret");

        assertThatThrownBy(() -> Workstation.connect(Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", endpoint)))
                .satisfies(e -> assertThat(ErrorMessages.describe(e)).isEqualTo("the endpoint " + endpoint
                        + " (AWS_ENDPOINT_URL) could not be reached: connection refused"
                        + " (check that it is running and that the network and proxy let you reach it)"));
    }
}
