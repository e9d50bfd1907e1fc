package dev.trailauditor.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailauditor.bench.FakeAwsEndpoint;
import dev.trailauditor.sim.GrantingPolicies;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sam build} re-enacted: the Makefile's {@code build-AuditFunction} runs in a copy of the
 * project with a fresh {@code ARTIFACTS_DIR}, as SAM runs it; then the built function runs in a JVM
 * of its own ({@link BuiltFunction}), loaded only from what the build left there, with the
 * environment the template declares (the values of {@code events/env.json}) and every event file.
 */
class SamBuildTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUDIT = "111111111111";
    private static final String REGION = "eu-west-1";
    private static final List<String> MEMBERS = List.of("222222222222", "333333333333", "444444444444");
    /** Every event file but the environment: what sam local invoke takes with -e. */
    /**
     * In this order in one warm function: the central policies' re-check, the member's, then the burst of calls on the
     * same trail made before that re-check began, which it covers (no run); then the denied call (no run), the nightly
     * run and a re-check by hand.
     */
    private static final List<String> EVENTS = List.of("events/central-put-bucket-policy.json",
            "events/member-stop-logging.json", "events/member-trail-burst.json", "events/member-stop-logging-denied.json",
            "events/scheduled.json", "events/recheck-accounts.json");

    @TempDir
    static Path work;
    private static Path function;

    @BeforeAll
    static void build() throws Exception {
        Path source = work.resolve("source");
        for (String part : List.of("pom.xml", "Makefile", "lambda/pom.xml", "lambda/src/main")) {
            copy(Path.of(part), source.resolve(part));
        }
        function = work.resolve("artifacts");
        Files.createDirectories(function);
        Path log = work.resolve("make.log");
        Process make = new ProcessBuilder("make", "ARTIFACTS_DIR=" + function.toAbsolutePath(), "build-AuditFunction")
                .directory(source.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(make.waitFor(10, TimeUnit.MINUTES)).as("make finished").isTrue();
        assertThat(make.exitValue()).as(Files.readString(log)).isZero();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void theBuildLeavesTheShadedJarInLibAndNothingElse() throws IOException {
        try (Stream<Path> files = Files.walk(function)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> function.relativize(f).toString()))
                    .containsExactly("lib/trail-auditor-lambda.jar");
        }
    }

    @Test
    void theBuiltFunctionRunsBothEventsAgainstAnEmulatorEndpoint() throws Exception {
        List<String> trails = MEMBERS.stream().map(id -> "arn:aws:cloudtrail:" + REGION + ":" + id + ":trail/org-trail").toList();
        Map<String, String> env = lambdaEnvironment();
        var fleet = new FakeAwsEndpoint.Fleet(AUDIT, REGION, env.get("CENTRAL_BUCKET"), env.get("CENTRAL_KEY_ARN"),
                env.get("DEFAULT_TRAIL_NAME"), GrantingPolicies.bucket(env.get("CENTRAL_BUCKET"), env.get("LOG_PREFIX"), trails),
                GrantingPolicies.key(AUDIT, trails), GrantingPolicies.bus(env.get("TRAIL_EVENT_BUS_ARN"), MEMBERS));
        try (FakeAwsEndpoint aws = new FakeAwsEndpoint(fleet, Duration.ZERO, 8)) {
            env.put("AWS_ENDPOINT_URL", aws.endpoint());
            Path out = run(env, "emulator");

            assertThat(Files.readString(out.resolve("handler-location")))
                    .isEqualTo(function.resolve("lib/trail-auditor-lambda.jar").toString());
            JsonNode nightly = JSON.readTree(out.resolve("scheduled.json").toFile());
            assertThat(nightly.get("summary").asText()).isEqualTo("all 3 accounts compliant");
            assertThat(nightly.at("/publication/messageId").asText()).startsWith("fake-");
            JsonNode recheck = JSON.readTree(out.resolve("recheck-accounts.json").toFile());
            assertThat(recheck.get("accounts")).extracting(a -> a.get("accountId").asText()).containsExactly("222222222222");
            assertThat(recheck.get("summary").asText()).isEqualTo("all 1 account compliant");
            JsonNode stopped = JSON.readTree(out.resolve("member-stop-logging.json").toFile());
            assertThat(stopped.get("accounts")).extracting(a -> a.get("accountId").asText()).containsExactly("222222222222");
            assertThat(stopped.at("/trigger/events/0/eventName").asText()).isEqualTo("StopLogging");
            JsonNode burst = JSON.readTree(out.resolve("member-trail-burst.json").toFile());
            assertThat(burst.get("rechecked").asBoolean()).isFalse();
            assertThat(burst.get("ignored")).hasSize(5).allSatisfy(why -> assertThat(why.asText())
                    .contains("covered by run " + stopped.get("runId").asText()));
            JsonNode denied = JSON.readTree(out.resolve("member-stop-logging-denied.json").toFile());
            assertThat(denied.get("rechecked").asBoolean()).isFalse();
            assertThat(denied.get("failedCalls").asInt()).isEqualTo(1);
            JsonNode central = JSON.readTree(out.resolve("central-put-bucket-policy.json").toFile());
            assertThat(central.get("accounts")).isEmpty();
            assertThat(central.get("summary").asText()).isEqualTo("central policies compliant");
            assertThat(aws.takeCounts().unanswered()).isZero();
        }
    }

    /**
     * As deployed, AWS_ENDPOINT_URL is declared empty. The SDK on its own fails on an empty one when it
     * builds a client; the run must instead go to AWS's own endpoints. With no credentials here it gets
     * no further than asking for them, so nothing leaves this machine.
     */
    @Test
    void anEmptyEndpointAsTheTemplateDeclaresItMeansAwsOwn() throws Exception {
        Map<String, String> env = lambdaEnvironment();
        env.put("AWS_ENDPOINT_URL", "");
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        Path out = run(env, "deployed");

        JsonNode nightly = JSON.readTree(out.resolve("scheduled.json").toFile());
        assertThat(nightly.toString()).doesNotContain("endpointOverride").doesNotContain("invalid URI")
                .contains("Unable to load credentials");
        assertThat(nightly.get("accounts")).hasSize(3)
                .allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("UNREACHABLE"));
    }

    /** What Lambda would give the function: the template's variables (events/env.json's values) and its own. */
    private static Map<String, String> lambdaEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>();
        JSON.readTree(Path.of("events/env.json").toFile()).get("AuditFunction").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        // The fake endpoint homes every member's trail in one region.
        env.put("MEMBER_REGISTRY", JSON.writeValueAsString(MEMBERS.stream().map(id -> Map.of("accountId", id)).toList()));
        env.put("AWS_REGION", REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "trail-auditor-AuditFunction");
        env.put("AWS_ACCESS_KEY_ID", "AKIDBUILTFUNCTION");
        env.put("AWS_SECRET_ACCESS_KEY", "not-a-secret");
        // Nothing of this machine's AWS setup: no profile files, no instance metadata.
        env.put("HOME", work.toString());
        env.put("AWS_CONFIG_FILE", work.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-aws-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** The built function in a fresh JVM with exactly this environment; returns its output directory. */
    private static Path run(Map<String, String> env, String name) throws Exception {
        Path out = Files.createDirectories(work.resolve(name));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", location(BuiltFunction.class) + File.pathSeparator + location(LambdaEventSerializers.class),
                BuiltFunction.class.getName(), function.toString(), out.toString()));
        command.addAll(EVENTS);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve("stdout.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process java = builder.start();
        assertThat(java.waitFor(3, TimeUnit.MINUTES)).as("the function finished").isTrue();
        assertThat(java.exitValue()).as(Files.readString(out.resolve("stdout.log"))).isZero();
        try (Stream<Path> errors = Files.list(out).filter(f -> f.toString().endsWith(".error"))) {
            for (Path error : errors.toList()) {
                assertThat(Files.readString(error)).as(error.getFileName().toString()).isEmpty();
            }
        }
        return out;
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
