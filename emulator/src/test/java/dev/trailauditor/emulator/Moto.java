package dev.trailauditor.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The moto server the suite runs against ({@code MOTO_ENDPOINT}, which {@code .ci/with-moto} sets), and SDK clients
 * acting in one of its accounts. moto keeps one state per account and takes the account from the credentials:
 * those AssumeRole returns for a role ARN act in that role's account (moto's {@code assume_role}: "The ARN can point
 * to another account, providing an opportunity to switch accounts").
 */
final class Moto {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final SdkHttpClient SDK_HTTP = UrlConnectionHttpClient.create();

    final URI endpoint;
    final String region;
    private final Map<String, AwsSessionCredentials> sessions = new ConcurrentHashMap<>();

    private Moto(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    /** The server named by the build; a suite started without one fails here, naming what to do. */
    static Moto fromBuild(String region) {
        String endpoint = System.getProperty("moto.endpoint", "");
        if (endpoint.isBlank() || endpoint.startsWith("${")) {
            throw new IllegalStateException("MOTO_ENDPOINT is not set: run the emulator suite with a moto server,"
                    + " e.g. .ci/with-moto mvn -B verify -Pemulator");
        }
        return new Moto(URI.create(endpoint), region);
    }

    /** Forgets every account's state and the request recording: each test seeds its own world. */
    void reset() {
        post("/moto-api/reset");
        post("/moto-api/recorder/stop-recording");
        post("/moto-api/recorder/reset-recording");
        sessions.clear();
    }

    /** Records every request from now on, until {@link #recorded()}. */
    void startRecording() {
        post("/moto-api/recorder/reset-recording");
        post("/moto-api/recorder/start-recording");
    }

    /** The requests made since {@link #startRecording()}, as moto's recorder kept them; recording stops. */
    List<RecordedCall> recorded() {
        post("/moto-api/recorder/stop-recording");
        String lines = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/recorder/download-recording")).GET());
        return lines.lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return RecordedCall.of(JSON.readTree(l));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** moto's whole state as its {@code /moto-api/data.json} gives it: each service's models, every account's. */
    JsonNode state() {
        return tree(send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).GET()));
    }

    /** Credentials acting in {@code account}, as a role there would have them. */
    AwsSessionCredentials credentials(String account) {
        return sessions.computeIfAbsent(account, a -> {
            try (StsClient sts = configure(StsClient.builder(), AwsBasicCredentials.create("seed", "seed")).build()) {
                Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + a + ":role/trail-auditor-suite")
                        .roleSessionName("suite")).credentials();
                return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
            }
        });
    }

    /** A client of any service acting in {@code account}. */
    <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder, String account) {
        return configure(builder, credentials(account)).build();
    }

    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B configure(B builder, AwsCredentials credentials) {
        return builder.endpointOverride(endpoint).region(Region.of(region)).httpClient(SDK_HTTP)
                .credentialsProvider(StaticCredentialsProvider.create(credentials));
    }

    /**
     * The environment a process needs to act in {@code account} against this server, and nothing of this machine's
     * own AWS setup: no profile files, no instance metadata.
     */
    Map<String, String> environment(String account) {
        AwsSessionCredentials c = credentials(account);
        return Map.of("AWS_ENDPOINT_URL", endpoint.toString(), "AWS_REGION", region, "AWS_DEFAULT_REGION", region,
                "AWS_ACCESS_KEY_ID", c.accessKeyId(), "AWS_SECRET_ACCESS_KEY", c.secretAccessKey(),
                "AWS_SESSION_TOKEN", c.sessionToken(), "AWS_CONFIG_FILE", "/nonexistent/aws-config",
                "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials", "AWS_EC2_METADATA_DISABLED", "true");
    }

    private void post(String path) {
        send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
