package dev.trailauditor.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The built function in a JVM of its own, started the way Lambda's Java runtime starts it: the Lambda runtime
 * interface client's main class with the template's handler, the function's folder and every jar in its
 * {@code lib/} on the class path ahead of the runtime's own jars
 * (https://docs.aws.amazon.com/lambda/latest/dg/java-package.html), the settings in the environment, and the
 * events handed over by a {@link RuntimeApi} on loopback. One process is one warm execution environment.
 */
final class FunctionProcess implements AutoCloseable {
    static final String HANDLER = "dev.trailauditor.AuditHandler::handleRequest";
    private static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The template's 1,024 MB and Lambda's own JVM choices for the Java runtime (client compiler, serial GC). */
    private static final List<String> LAMBDA_LIKE_JVM = List.of("-XX:MaxRAM=1g", "-XX:MaxHeapSize=870m",
            "-XX:MaxMetaspaceSize=100m", "-XX:ReservedCodeCacheSize=50m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final RuntimeApi api;
    private final Process process;
    final Path log;

    private FunctionProcess(RuntimeApi api, Process process, Path log) {
        this.api = api;
        this.process = process;
        this.log = log;
    }

    /** Starts the function with these settings (the template's variables) beside the AWS environment. */
    static FunctionProcess start(Path work, Map<String, String> settings, Map<String, String> aws) throws IOException {
        Path task = functionFolder(work);
        String functionName = "trail-auditor-AuditFunction";
        RuntimeApi api = new RuntimeApi("arn:aws:lambda:" + aws.get("AWS_REGION") + ":111111111111:function:" + functionName);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(LAMBDA_LIKE_JVM);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, task.toString(), task.resolve("lib") + "/*",
                System.getProperty("runtime.client.dir") + "/*"), RUNTIME_CLIENT, HANDLER));
        ProcessBuilder builder = new ProcessBuilder(command).directory(task.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv("PATH"));
        env.putAll(settings);
        env.putAll(aws);
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("_HANDLER", HANDLER);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("TZ", ":UTC");
        Path log = Files.createTempFile(work, "function-", ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new FunctionProcess(api, builder.start(), log);
    }

    /**
     * The function's folder: the one {@code -Dfunction.dir} names (sam build's output in CI), else the lambda module's
     * jar laid out as the Makefile lays it out for sam build (lib/ alone).
     */
    static Path functionFolder(Path work) throws IOException {
        String given = System.getProperty("function.dir", "");
        if (!given.isBlank()) {
            Path dir = Path.of(given).toAbsolutePath();
            if (!Files.isDirectory(dir.resolve("lib"))) {
                throw new IllegalStateException("function.dir " + dir + " has no lib/: run sam build first");
            }
            return dir;
        }
        Path jar = Path.of("lambda/target/trail-auditor-lambda.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -B verify -Pemulator builds it)");
        }
        Path task = work.resolve("task");
        Files.createDirectories(task.resolve("lib"));
        Files.copy(jar, task.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return task;
    }

    /** One invocation: the function's answer to the event, failing if it answered nothing in time. */
    RuntimeApi.Answer invoke(String event) {
        CompletableFuture<RuntimeApi.Answer> answer = api.invoke(event, Duration.ofMinutes(15));
        try {
            return CompletableFuture.anyOf(answer, api.initError().thenApply(e -> new RuntimeApi.Answer(true, e)),
                            process.onExit().thenApply(p -> new RuntimeApi.Answer(true, "the function exited " + p.exitValue())))
                    .thenApply(RuntimeApi.Answer.class::cast).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the function answered nothing within " + TIMEOUT + "; its log:\n" + logText(), e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** An invocation that must succeed: its report. */
    JsonNode report(String event) {
        RuntimeApi.Answer answer = invoke(event);
        if (answer.failed()) {
            throw new AssertionError("the function failed: " + answer.body() + "\nits log:\n" + logText());
        }
        return Moto.tree(answer.body());
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }
}
