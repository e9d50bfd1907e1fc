package dev.trailauditor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Issue 11's cold-start figures: the Lambda artifact's size and what it holds, and {@link StartupProbe}
 * run in fresh JVMs started as Lambda starts the template's function
 * ({@link SdkPathBenchmark#LAMBDA_LIKE_JVM}), with the artifact first on the class path, then the simulated fleet's
 * classes (the probe's harness; the artifact holds no simulator) and the probe.
 * {@code mvn -B -Pbench-startup verify -DskipTests [-Dbench.artifact=lambda/target/trail-auditor-lambda.jar] [-Dbench.runs=5]},
 * paths from the project's root.
 * Not a test: its figures go into the README.
 */
public final class StartupBenchmark {
    private StartupBenchmark() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path artifact = Path.of(property("bench.artifact", "lambda/target/trail-auditor-lambda.jar"));
        int runs = Integer.parseInt(property("bench.runs", "5"));
        describe(artifact);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(property("bench.jvmArgs", SdkPathBenchmark.LAMBDA_LIKE_JVM).trim().split("\\s+")));
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, artifact.toString(), "sim/target/classes", "tests/target/test-classes"));
        command.add(StartupProbe.class.getName());
        for (int run = 1; run <= runs; run++) {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            System.out.println("run " + run + ": " + output + (process.waitFor() == 0 ? "" : " (exit " + process.exitValue() + ")"));
        }
    }

    /** Size, and the classes by where they come from: what the function loads its handler out of. */
    private static void describe(Path artifact) throws IOException {
        Map<String, Integer> classes = new TreeMap<>();
        Map<String, Long> bytes = new TreeMap<>();
        try (ZipFile zip = new ZipFile(artifact.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (!entry.isDirectory()) {
                    String group = group(entry.getName());
                    bytes.merge(group, entry.getCompressedSize(), Long::sum);
                    if (entry.getName().endsWith(".class")) {
                        classes.merge(group, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: %,d bytes, %,d classes%n", artifact, Files.size(artifact),
                classes.values().stream().mapToInt(Integer::intValue).sum());
        bytes.forEach((group, size) -> System.out.printf(Locale.ROOT, "  %-40s %,11d bytes compressed, %,6d classes%n",
                group, size, classes.getOrDefault(group, 0)));
    }

    /** dev/trailauditor/sim, software/amazon/awssdk/services/kms, com/fasterxml/jackson/core, org/yaml, ... */
    private static String group(String name) {
        String[] parts = name.split("/");
        int depth = name.startsWith("dev/trailauditor/") ? 3
                : name.startsWith("software/amazon/awssdk/services/") ? 5
                : name.startsWith("software/amazon/awssdk/") ? 4
                : name.startsWith("META-INF/") ? 1 : 3;
        if (parts.length <= depth) {
            return name.contains("/") ? name.substring(0, name.lastIndexOf('/')) + "/" : "(top level)";
        }
        return String.join("/", Arrays.copyOf(parts, depth));
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
