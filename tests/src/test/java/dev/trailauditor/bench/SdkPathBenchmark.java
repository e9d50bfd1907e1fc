package dev.trailauditor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.policy.LogPrefix;
import dev.trailauditor.policy.ManagedStatements;
import dev.trailauditor.policy.MergeResult;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.PolicyMerger;
import dev.trailauditor.policy.Shape;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.GrantingPolicies;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The code Lambda runs, at fleet scale: the real {@link dev.trailauditor.AuditHandler} and
 * {@link dev.trailauditor.aws.SdkClients} against {@link FakeAwsEndpoint}, a loopback AWS endpoint
 * with a fixed latency per call. Each configuration runs in a fresh JVM ({@link SdkPathRun}), so
 * peak threads, peak memory, JIT state and the HTTP client's connection cache never carry over from
 * one row to the next, and the endpoint (with its own threads and buffers) is not in the measured
 * process. Not a test: {@code mvn -B -Pbench-sdk verify -DskipTests}, settings below as {@code -D}.
 *
 * <ul>
 *   <li>{@code bench.members} (default {@code 50,500,1000,5000}), {@code bench.parallelism} ({@code 8,32,64}),
 *       {@code bench.latencyMs} ({@code 30}): the matrix</li>
 *   <li>{@code bench.policies}: {@code auditor} (default: the central policies as the auditor writes them for
 *       the registry, as {@link PipelineBenchmark} has them; past the size limit in the {@code ACCOUNT_LIST}
 *       shape anyway) or {@code granting} ({@link GrantingPolicies}: one hand-written statement per member;
 *       past about 50 members larger than S3 would accept, and quadratic to check)</li>
 *   <li>{@code bench.threadCap}: run the measured JVM under {@code prlimit --nproc=CAP}; as root (whom the
 *       kernel exempts from RLIMIT_NPROC) under the otherwise unused uid {@code bench.capUid} (64123) via
 *       {@code setpriv}, with the class path copied where that uid can read it</li>
 *   <li>{@code bench.jvmArgs}: the measured JVM's options, default {@link #LAMBDA_LIKE_JVM}: the template's
 *       1,024 MB function as Lambda starts it (as reported for its Java runtime: heap 85 %, metaspace 10 %, code
 *       cache 5 % of the memory size, the serial collector; C1 only, Java 17's documented default), and the JVM
 *       sizing the rest as on a 1 GB machine</li>
 *   <li>{@code bench.timeoutSeconds} (600): a run still going then is killed and reported as such</li>
 * </ul>
 */
public final class SdkPathBenchmark {
    static final String AUDIT = "111111111111";
    static final String REGION = "eu-west-1";
    static final String BUCKET = "central-trail-logs";
    static final String PREFIX = "org";
    static final String TRAIL = "org-trail";
    static final String KEY = "arn:aws:kms:" + REGION + ":" + AUDIT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final long FIRST_MEMBER = 200_000_000_000L;
    private static final int HANDLER_THREADS = 128;
    static final String LAMBDA_LIKE_JVM = "-XX:MaxRAM=1g -XX:MaxHeapSize=870m -XX:MaxMetaspaceSize=100m"
            + " -XX:ReservedCodeCacheSize=50m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private SdkPathBenchmark() {}

    record Settings(List<Integer> members, List<Integer> parallelism, Duration latency, String policies,
                    int threadCap, int capUid, List<String> jvmArgs, Duration timeout) {
        static Settings fromSystemProperties() {
            return new Settings(ints("bench.members", "50,500,1000,5000"), ints("bench.parallelism", "8,32,64"),
                    Duration.ofMillis(Long.parseLong(property("bench.latencyMs", "30"))),
                    property("bench.policies", "auditor"),
                    Integer.parseInt(property("bench.threadCap", "0")),
                    Integer.parseInt(property("bench.capUid", "64123")),
                    Arrays.stream(property("bench.jvmArgs", LAMBDA_LIKE_JVM).trim().split("\\s+"))
                            .filter(s -> !s.isEmpty()).toList(),
                    Duration.ofSeconds(Long.parseLong(property("bench.timeoutSeconds", "600"))));
        }
    }

    /** One row: the configuration, what the endpoint counted, what the measured process reported. */
    record Row(int members, int parallelism, Duration latency, FakeAwsEndpoint.Counts counts, JsonNode result,
               int threadStartFailures, String failure, String loadBefore, String loadAfter, long endpointCpuMillis,
               Map<String, Long> endpointCpuByThread) {
        double callsPerMember() {
            return (double) counts.calls() / members;
        }

        /** ⌈members / parallelism⌉ × calls per member × latency: the critical path if every call takes the latency. */
        long boundMillis() {
            long rounds = (members + parallelism - 1) / parallelism;
            return Math.round(rounds * callsPerMember() * latency.toMillis());
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        Optional<CapLauncher> cap = settings.threadCap() > 0 ? Optional.of(new CapLauncher(settings)) : Optional.empty();
        System.out.printf(Locale.ROOT, "SDK-path benchmark: %d cores, %s, latency %d ms a call, central policies '%s',"
                        + " measured JVM %s%s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), settings.latency().toMillis(),
                settings.policies(), String.join(" ", settings.jvmArgs()),
                cap.map(c -> ", under a " + settings.threadCap() + "-thread cap (" + c.describe() + ")").orElse(""));
        warmUpEndpoint();
        List<Row> rows = new ArrayList<>();
        try {
            for (int members : settings.members()) {
                FakeAwsEndpoint.Fleet fleet = fleet(members, settings.policies(), System.out::println);
                for (int parallelism : settings.parallelism()) {
                    Row row = run(settings, cap, fleet, members, parallelism);
                    rows.add(row);
                    System.err.println(detail(row));
                }
            }
        } finally {
            cap.ifPresent(CapLauncher::close);
        }
        System.out.println();
        System.out.println("| members | parallelism | wall time | critical-path bound | wall / bound | calls per member"
                + " | peak threads (JVM / OS) | new connections | peak RSS (VmHWM) | CPU | result |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        rows.forEach(row -> System.out.println(tableRow(row)));
        System.out.println();
        rows.forEach(row -> System.out.println(detail(row)));
    }

    private static Row run(Settings settings, Optional<CapLauncher> cap, FakeAwsEndpoint.Fleet fleet, int members,
                           int parallelism) throws IOException, InterruptedException {
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(fleet, settings.latency(), HANDLER_THREADS)) {
            List<String> command = new ArrayList<>(cap.map(CapLauncher::prefix).orElse(List.of()));
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(settings.jvmArgs());
            command.add("-cp");
            command.add(cap.map(CapLauncher::classPath).orElse(System.getProperty("java.class.path")));
            command.add(SdkPathRun.class.getName());
            command.add(Integer.toString(members));
            command.add(Long.toString(FIRST_MEMBER));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            cap.ifPresent(c -> builder.directory(c.directory().toFile()));
            environment(builder.environment(), endpoint.endpoint(), parallelism);
            endpoint.takeCounts();

            String loadBefore = loadAverage();
            long endpointCpu = ownCpuNanos();
            Map<String, Long> threadCpuBefore = ownThreadCpuNanos();
            Process process = builder.start();
            AtomicInteger threadStartFailures = new AtomicInteger();
            JsonNode[] result = new JsonNode[1];
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("RESULT ")) {
                            result[0] = Json.MAPPER.readTree(line.substring(7));
                        } else {
                            if (line.contains("Failed to start")) {
                                // The JVM's own warnings when the OS refuses a thread (one line per refusal says
                                // pthread_create failed): count the refusals, show the first few lines.
                                int refused = line.contains("pthread_create failed")
                                        ? threadStartFailures.incrementAndGet() : threadStartFailures.get();
                                if (refused > 2) {
                                    continue;
                                }
                            }
                            System.err.println("  | " + line);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "bench-child-output");
            reader.start();
            String failure = null;
            if (!process.waitFor(settings.timeout().toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                failure = "killed after " + settings.timeout().toSeconds() + " s";
            } else if (process.exitValue() != 0) {
                failure = "exit " + process.exitValue();
            }
            reader.join();
            Thread.sleep(200); // the relay sees the child's connections close
            return new Row(members, parallelism, settings.latency(), endpoint.takeCounts(), result[0],
                    threadStartFailures.get(), failure, loadBefore, loadAverage(), (ownCpuNanos() - endpointCpu) / 1_000_000,
                    cpuMillisSince(threadCpuBefore));
        }
    }

    /** What the function's environment holds, pointed at the endpoint; nothing of the caller's AWS setup leaks in. */
    private static void environment(Map<String, String> env, String endpoint, int parallelism) {
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("AWS_ACCESS_KEY_ID", "AKIDFAKEFUNCTION");
        env.put("AWS_SECRET_ACCESS_KEY", "fake-secret");
        env.put("AWS_REGION", REGION);
        env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "trail-auditor-bench");
        env.put("CENTRAL_BUCKET", BUCKET);
        env.put("LOG_PREFIX", PREFIX);
        env.put("CENTRAL_KEY_ARN", KEY);
        env.put("AUDIT_ACCOUNT_ID", AUDIT);
        env.put("DEFAULT_TRAIL_NAME", TRAIL);
        env.put("DEFAULT_HOME_REGION", REGION);
        env.put("REPORT_TOPIC_ARN", "arn:aws:sns:" + REGION + ":" + AUDIT + ":trail-audit");
        env.put("PARALLELISM", Integer.toString(parallelism));
        env.put("CENTRAL_POLICY_MODE", "audit");
        env.put("TRAIL_MODE", "audit");
        // Unset: the product's default pace for AssumeRole. A higher rate shows the run without STS's floor.
        String rate = property("bench.assumeRoleRate", "");
        if (!rate.isEmpty()) {
            env.put("ASSUME_ROLE_RATE", rate);
        }
    }

    /** A healthy fleet of N members, with central policies that grant every member's trail. */
    static FakeAwsEndpoint.Fleet fleet(int members, String policies) {
        return fleet(members, policies, line -> { });
    }

    /** @param describe told each policy's shape and size */
    static FakeAwsEndpoint.Fleet fleet(int members, String policies, java.util.function.Consumer<String> describe) {
        List<Grantee> grantees = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String account = Long.toString(FIRST_MEMBER + i);
            grantees.add(new Grantee(account, Arn.of("arn:aws:cloudtrail:" + REGION + ":" + account + ":trail/" + TRAIL)));
        }
        String bucketPolicy;
        String keyPolicy;
        switch (policies) {
            case "auditor" -> {
                CentralTarget target = new CentralTarget("aws", BUCKET, LogPrefix.of(PREFIX), KEY, AUDIT, Instant.now());
                bucketPolicy = asTheAuditorWritesIt(PolicyKind.BUCKET, target, grantees, describe);
                keyPolicy = asTheAuditorWritesIt(PolicyKind.KEY, target, grantees, describe);
            }
            case "granting" -> {
                List<String> trails = grantees.stream().map(Grantee::trailArn).toList();
                bucketPolicy = GrantingPolicies.bucket(BUCKET, PREFIX, trails);
                keyPolicy = GrantingPolicies.key(AUDIT, trails);
            }
            default -> throw new IllegalArgumentException("bench.policies must be 'auditor' or 'granting', not " + policies);
        }
        return new FakeAwsEndpoint.Fleet(AUDIT, REGION, BUCKET, KEY, TRAIL, bucketPolicy, keyPolicy, null);
    }

    /**
     * The policy the auditor writes for these grantees from nothing, in the tightest shape that fits. Past the
     * service's size limit even in {@link Shape#ACCOUNT_LIST} (the bucket policy from about 1,000 members) no
     * real bucket could hold a policy granting everyone; the fake endpoint has no limit, so it serves that shape anyway.
     */
    private static String asTheAuditorWritesIt(PolicyKind kind, CentralTarget target, List<Grantee> grantees,
                                               java.util.function.Consumer<String> describe) {
        MergeResult merged = new PolicyMerger().merge(kind, Optional.empty(), target, grantees, false);
        PolicyDocument document = !merged.refused() ? merged.document() : PolicyDocument.empty().withVersion("2012-10-17")
                .withStatements(ManagedStatements.forAll(kind, Shape.ACCOUNT_LIST, target, grantees));
        Shape shape = merged.refused() ? Shape.ACCOUNT_LIST : merged.shape();
        describe.accept(String.format(Locale.ROOT, "%,d members: %s policy %s, %,d of %,d bytes%s", grantees.size(),
                kind.name().toLowerCase(Locale.ROOT), shape, document.sizeBytes(), kind.limitBytes(),
                merged.refused() ? " (over the limit: no real " + kind.name().toLowerCase(Locale.ROOT) + " policy could hold it)" : ""));
        return document.toJson();
    }

    private static String tableRow(Row row) {
        JsonNode r = row.result();
        String threads = r == null ? "?" : String.format(Locale.ROOT, "%,d / %,d", r.path("peakJavaThreads").asInt(),
                r.path("peakOsThreads").asInt());
        String rss = r == null ? "?" : String.format(Locale.ROOT, "%,d MB", r.path("vmHwmKb").asLong() / 1024);
        String wall = r == null || !r.has("wallMillis") ? "—" : String.format(Locale.ROOT, "%,d ms", r.path("wallMillis").asLong());
        String ratio = r == null || !r.has("wallMillis") ? "—"
                : String.format(Locale.ROOT, "%.2f×", r.path("wallMillis").asDouble() / Math.max(1, row.boundMillis()));
        String cpu = r == null || !r.has("cpuMillis") ? "—" : String.format(Locale.ROOT, "%.1f s", r.path("cpuMillis").asLong() / 1000.0);
        return String.format(Locale.ROOT, "| %,d | %d | %s | %,d ms | %s | %.2f | %s | %,d | %s | %s | %s |",
                row.members(), row.parallelism(), wall, row.boundMillis(), ratio, row.callsPerMember(), threads,
                row.counts().newConnections(), rss, cpu, outcome(row));
    }

    private static String outcome(Row row) {
        JsonNode r = row.result();
        List<String> parts = new ArrayList<>();
        if (row.failure() != null) {
            parts.add("run failed: " + row.failure());
        }
        if (r != null && r.has("error")) {
            parts.add(r.path("error").asText());
        }
        if (r != null && r.has("summary")) {
            parts.add(r.path("summary").asText());
        }
        if (row.threadStartFailures() > 0) {
            parts.add(String.format(Locale.ROOT, "the OS refused %,d thread starts", row.threadStartFailures()));
        }
        return String.join("; ", parts);
    }

    private static String detail(Row row) {
        JsonNode r = row.result();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%,d members, PARALLELISM %d: %s", row.members(),
                row.parallelism(), tableRow(row)));
        FakeAwsEndpoint.Counts c = row.counts();
        out.append(String.format(Locale.ROOT, "%n    calls %,d (%,d for members), unanswered %d, new connections %,d,"
                        + " at most %d open at once; by operation %s; the endpoint's CPU %,d ms; load average %s before, %s after",
                c.calls(), c.memberCalls(), c.unanswered(), c.newConnections(), c.peakOpenConnections(), c.byOperation(),
                row.endpointCpuMillis(), row.loadBefore(), row.loadAfter()));
        out.append(String.format(Locale.ROOT, "%n    the endpoint's CPU ms by live thread: %s", byCount(Json.MAPPER.valueToTree(row.endpointCpuByThread()))));
        if (r != null) {
            out.append(String.format(Locale.ROOT, "%n    init %s ms, CPU %s ms in the run, peak RSS sampled %,d MB,"
                            + " uid %s, max processes %s, %s log lines (%,d bytes)",
                    r.path("initMillis").asText("?"), r.path("cpuMillis").asText("?"),
                    r.path("peakSampledRssKb").asLong() / 1024, r.path("uid").asText(), r.path("maxProcesses").asText(),
                    r.path("logLines").asText("?"), r.path("logBytes").asLong()));
            out.append(String.format(Locale.ROOT, "%n    CPU ms by thread alive at the end: %s", byCount(r.path("cpuByLiveThread"))));
            out.append(String.format(Locale.ROOT, "%n    threads at the highest count named (%d): %s",
                    r.path("threadsAtPeakCount").asInt(), byCount(r.path("threadsAtPeak"))));
            if (r.path("unreachable").asInt() > 0) {
                out.append(String.format(Locale.ROOT, "%n    unreachable %d: %s", r.path("unreachable").asInt(),
                        r.path("unreachableReasons")));
            }
        }
        return out.toString();
    }

    private static String byCount(JsonNode names) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        names.fields().forEachRemaining(entries::add);
        return entries.stream().sorted(Comparator.comparing((Map.Entry<String, JsonNode> e) -> -e.getValue().asLong()))
                .map(e -> e.getKey() + " ×" + e.getValue().asLong()).collect(Collectors.joining(", "));
    }

    /**
     * Runs the endpoint's own code (server, relay, answers) a few thousand times before the first row, so its
     * JIT warm-up does not take cores from the first measured runs.
     */
    private static void warmUpEndpoint() throws IOException, InterruptedException {
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(fleet(10, "granting"), Duration.ZERO, 8)) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            String authorization = "AWS4-HMAC-SHA256 Credential=ASIA" + FIRST_MEMBER + "0001/20260101/" + REGION
                    + "/cloudtrail/aws4_request, SignedHeaders=host, Signature=0";
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 750; i++) {
                        String operation = List.of("GetTrail", "GetTrailStatus", "GetEventSelectors").get(i % 3);
                        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(endpoint.endpoint() + "/"))
                                .header("X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101." + operation)
                                .header("Authorization", authorization)
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"Name\":\"" + TRAIL + "\"}"))
                                .build();
                        try {
                            client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
                        } catch (IOException | InterruptedException e) {
                            return;
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    /** CPU time of this JVM: the fake endpoint (server, relay) shares the machine's cores with the measured one. */
    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of this JVM's live threads by name, digits as N. */
    private static Map<String, Long> ownThreadCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            long nanos = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                cpu.merge(info.getThreadName().replaceAll("\\d+", "N"), nanos, Long::sum);
            }
        }
        return cpu;
    }

    private static Map<String, Long> cpuMillisSince(Map<String, Long> before) {
        Map<String, Long> since = new java.util.TreeMap<>();
        ownThreadCpuNanos().forEach((name, nanos) -> {
            long millis = (nanos - before.getOrDefault(name, 0L)) / 1_000_000;
            if (millis > 0) {
                since.put(name, millis);
            }
        });
        return since;
    }

    /** The machine's 1-minute load average: other work on the same cores slows the run down. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<Integer> ints(String name, String fallback) {
        return Arrays.stream(property(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Integer::parseInt).toList();
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Runs the measured JVM under {@code prlimit --nproc=CAP}. RLIMIT_NPROC counts every thread of the
     * process's real user, and the kernel ignores it for root: as root the JVM runs as the unused uid
     * {@code capUid} (its threads are then the only ones counted), reading a copy of the class path that
     * uid may read.
     */
    static final class CapLauncher implements AutoCloseable {
        private final Settings settings;
        private final boolean root;
        private final Path directory;
        private final String classPath;

        CapLauncher(Settings settings) throws IOException {
            this.settings = settings;
            this.root = "0".equals(SdkPathRun.status("Uid").split("\\s+")[0]);
            if (!root) {
                directory = Path.of(".").toAbsolutePath();
                classPath = System.getProperty("java.class.path");
                return;
            }
            directory = Files.createTempDirectory("trail-auditor-sdk-bench-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            List<String> entries = new ArrayList<>();
            int index = 0;
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path source = Path.of(entry);
                if (!Files.exists(source)) {
                    continue;
                }
                Path target = directory.resolve(String.format("%03d-%s", index++, source.getFileName()));
                copy(source, target);
                entries.add(target.toString());
            }
            classPath = String.join(java.io.File.pathSeparator, entries);
        }

        private static void copy(Path source, Path target) throws IOException {
            try (Stream<Path> tree = Files.walk(source)) {
                for (Path from : tree.toList()) {
                    Path to = target.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(from, to);
                        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
        }

        String describe() {
            return root ? "prlimit --nproc, as uid " + settings.capUid() + " via setpriv: root is exempt from the cap"
                    : "prlimit --nproc; RLIMIT_NPROC counts every thread of this user, not only the measured JVM's";
        }

        List<String> prefix() {
            List<String> prefix = new ArrayList<>(List.of("prlimit", "--nproc=" + settings.threadCap() + ":" + settings.threadCap()));
            if (root) {
                prefix.addAll(List.of("setpriv", "--reuid=" + settings.capUid(), "--regid=" + settings.capUid(),
                        "--clear-groups"));
            }
            return prefix;
        }

        String classPath() {
            return classPath;
        }

        Path directory() {
            return directory;
        }

        @Override
        public void close() {
            if (!root) {
                return;
            }
            try (Stream<Path> tree = Files.walk(directory)) {
                tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + directory + ": " + e);
            }
        }
    }
}
