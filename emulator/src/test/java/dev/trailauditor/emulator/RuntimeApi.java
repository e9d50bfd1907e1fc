package dev.trailauditor.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The Lambda runtime API on loopback, as much of it as a function's runtime client uses: it hands out one queued
 * event per {@code invocation/next} and takes back its response or error. The paths, headers and bodies are those
 * of https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html.
 */
final class RuntimeApi implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime";

    /** What the function answered: the response body, or the error document and its type. */
    record Answer(boolean failed, String body) {}

    private record Invocation(String id, String event, Instant deadline) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final String functionArn;

    RuntimeApi(String functionArn) throws IOException {
        this.functionArn = functionArn;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext(BASE + "/invocation/next", this::next);
        server.createContext(BASE + "/invocation/", this::answer);
        server.createContext(BASE + "/init/error", exchange -> {
            initError.complete(read(exchange));
            reply(exchange, 202, "{}");
        });
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Queues one event and returns what the function will answer to it, within {@code timeout} of Lambda's clock. */
    CompletableFuture<Answer> invoke(String event, Duration timeout) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        answers.put(id, answer);
        queued.add(new Invocation(id, event, Instant.now().plus(timeout)));
        return answer;
    }

    /** Completes when the runtime client reports that the function could not start. */
    CompletableFuture<String> initError() {
        return initError;
    }

    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation;
        try {
            invocation = queued.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.id());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadline().toEpochMilli()));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        reply(exchange, 200, invocation.event());
    }

    /** {@code invocation/{id}/response} or {@code invocation/{id}/error}. */
    private void answer(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().substring((BASE + "/invocation/").length()).split("/");
        CompletableFuture<Answer> answer = parts.length == 2 ? answers.get(parts[0]) : null;
        if (answer == null || !exchange.getRequestMethod().equals("POST")) {
            reply(exchange, 404, "{\"errorMessage\":\"unknown invocation\"}");
            return;
        }
        answer.complete(new Answer(parts[1].equals("error"), read(exchange)));
        reply(exchange, 202, "{}");
    }

    private static String read(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // The runtime client reads the content type of every answer and crashes (strlen of null) without one.
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
