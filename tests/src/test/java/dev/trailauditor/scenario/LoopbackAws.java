package dev.trailauditor.scenario;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trailauditor.bench.HardenedCentralAnswers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny AWS-compatible endpoint on loopback, for proving that the real SDK clients reach an
 * emulator through {@code AWS_ENDPOINT_URL}: it answers each operation the auditor calls with
 * a canned response in that service's wire protocol, and records what it was sent.
 */
final class LoopbackAws implements AutoCloseable {
    /**
     * One request as the server saw it.
     *
     * @param expectedBucketOwner the S3 bucket owner condition's header, x-amz-expected-bucket-owner; null when absent
     *                            (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html)
     */
    record Request(String method, String uri, String operation, String body, String authorization, String expectedBucketOwner) {}

    private final HttpServer server;
    private final Map<String, Function<Request, String>> answers;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /**
     * @param answers response bodies by operation ("s3:GetBucketPolicy", "TrentService.GetKeyPolicy", "sts:AssumeRole", ...),
     *                an S3 error body answered with 404; for a HEAD ("s3:HeadObject"), its headers
     */
    LoopbackAws(Map<String, Function<Request, String>> answers) throws IOException {
        this.answers = answers;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String uri = exchange.getRequestURI().toString();
        Optional<String> bucketRead = HardenedCentralAnswers.s3Operation(exchange.getRequestURI().getRawQuery());
        String operation = target != null ? target
                : bucketRead.isPresent() ? "s3:" + bucketRead.get()
                : uri.contains("list-type=2") ? "s3:ListObjectsV2"
                : exchange.getRequestMethod().equals("HEAD") ? "s3:HeadObject"
                : body.startsWith("Action=") ? queryService(exchange) + ":" + body.substring(7).split("&")[0]
                : "unknown";
        Request request = new Request(exchange.getRequestMethod(), uri, operation, body,
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("x-amz-expected-bucket-owner"));
        requests.add(request);
        Function<Request, String> answer = answers.get(operation);
        String text = answer == null ? "{\"__type\":\"UnknownOperationException\"}" : answer.apply(request);
        if (answer != null && exchange.getRequestMethod().equals("HEAD")) {
            // A HEAD answer is all headers: the canned text holds them, "Name: value" a line.
            text.lines().map(line -> line.split(": ", 2)).forEach(h -> exchange.getResponseHeaders().set(h[0], h[1]));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer == null ? 400 : HardenedCentralAnswers.s3Status(text), out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    /** Query-protocol services (STS, SNS) are told apart by the signing scope in the Authorization header. */
    private static String queryService(HttpExchange exchange) {
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        return auth.contains("/sts/aws4_request") ? "sts" : auth.contains("/sns/aws4_request") ? "sns" : "query";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
