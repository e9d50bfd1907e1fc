package dev.trailauditor.oracle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An IAM policy oracle independent of the project's own evaluator: {@code node
 * lambda/src/test/oracle/oracle.mjs}, which asks the {@code @cloud-copilot/iam-simulate} simulator what a
 * resource policy alone decides (see that script for the exact call and why). It is a test-time
 * tool: the simulator is AGPL and never ships in the jar.
 *
 * <p>When node or the oracle's node packages are missing it throws {@link UnavailableException},
 * naming the fix: a test that uses the oracle fails, it never skips.
 */
public final class IamOracle {
    private static final long TIMEOUT_SECONDS = 120;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path directory;

    /** The oracle of this project: lambda/src/test/oracle under the working directory (Maven runs tests from the project root). */
    public IamOracle() {
        this(Path.of("lambda", "src", "test", "oracle").toAbsolutePath());
    }

    /** An oracle installed in another directory (it holds oracle.mjs and its node_modules). */
    public IamOracle(Path directory) {
        this.directory = directory;
    }

    public OracleResult evaluate(OracleCase oneCase) {
        return evaluate(List.of(oneCase)).get(0);
    }

    /** Evaluates every case in one node process; the results come back in the cases' order. */
    public List<OracleResult> evaluate(List<OracleCase> cases) {
        checkInstalled();
        Process process = start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try (OutputStream in = process.getOutputStream()) {
            JSON.writeValue(in, cases);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IllegalStateException("could not send the cases to the oracle: " + e.getMessage()
                    + "; node said: " + errors.join(), e);
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the oracle took more than " + TIMEOUT_SECONDS + " s for "
                        + cases.size() + " cases");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the oracle", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the oracle (node " + script() + ") exited with " + process.exitValue()
                    + ": " + errors.join());
        }
        List<OracleResult> results = parse(output.join());
        checkAnswers(cases, results);
        return results;
    }

    private void checkInstalled() {
        if (!Files.isRegularFile(script())) {
            throw new UnavailableException("the IAM oracle script " + script() + " is missing: run the tests from "
                    + "the project root (mvn verify does)");
        }
        if (!Files.isDirectory(directory.resolve("node_modules").resolve("@cloud-copilot").resolve("iam-simulate"))) {
            throw new UnavailableException("the IAM oracle's node packages are not installed ("
                    + directory.resolve("node_modules") + " is missing): run `npm ci --no-audit --no-fund` in "
                    + directory + " (mvn verify does this itself when node_modules is missing; it needs Node.js 18+ "
                    + "and npm, e.g. apt-get install nodejs npm)");
        }
    }

    private Process start() {
        try {
            return new ProcessBuilder("node", script().toString()).directory(directory.toFile()).start();
        } catch (IOException e) {
            throw new UnavailableException("cannot run node for the IAM oracle (" + e.getMessage() + "): install "
                    + "Node.js 18+ and npm (e.g. apt-get install nodejs npm) so that `node` is on the PATH, then run "
                    + "`npm ci --no-audit --no-fund` in " + directory, e);
        }
    }

    private Path script() {
        return directory.resolve("oracle.mjs");
    }

    private static List<OracleResult> parse(String output) {
        try {
            return JSON.readValue(output, new TypeReference<List<OracleResult>>() {});
        } catch (IOException e) {
            throw new IllegalStateException("the oracle's output is not a JSON array of results: " + output, e);
        }
    }

    /** One answer per case, in order: anything else is a broken oracle, never a verdict. */
    private static void checkAnswers(List<OracleCase> cases, List<OracleResult> results) {
        if (results.size() != cases.size()) {
            throw new IllegalStateException("the oracle answered " + results.size() + " of " + cases.size() + " cases");
        }
        for (int i = 0; i < cases.size(); i++) {
            OracleResult result = results.get(i);
            if (!cases.get(i).id().equals(result.id())) {
                throw new IllegalStateException("the oracle's answer " + i + " is for '" + result.id()
                        + "', not for '" + cases.get(i).id() + "'");
            }
            if (result.failed() == (result.decision() != null)) {
                throw new IllegalStateException("the oracle's answer for '" + result.id()
                        + "' must have exactly one of decision and error: " + result);
            }
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The oracle cannot run here: node or its packages are missing. The message names the fix. */
    public static final class UnavailableException extends IllegalStateException {
        UnavailableException(String message) {
            super(message);
        }

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
