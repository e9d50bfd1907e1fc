package dev.trailauditor.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The CLI jar run as a user runs it, {@code java -jar target/trail-auditor.jar}, with its settings in a --config file. */
final class CliProcess {
    private static final Path JAR = Path.of("target/trail-auditor.jar");

    record Result(int exitCode, String stdout, String stderr) {}

    private CliProcess() {}

    static Result run(Path work, Map<String, String> settings, Map<String, String> aws, String... arguments)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build it first (mvn -B verify -Pemulator builds it)");
        }
        Path config = Files.createTempFile(work, "settings-", ".json");
        Files.writeString(config, Moto.JSON.writeValueAsString(settings));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--config", config.toString()));
        Path out = Files.createTempFile(work, "cli-", ".out");
        Path err = Files.createTempFile(work, "cli-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(aws);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the CLI did not finish within 120 s: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
