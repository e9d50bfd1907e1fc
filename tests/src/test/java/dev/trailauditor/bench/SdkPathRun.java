package dev.trailauditor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.AuditHandler;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.report.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One configuration of {@link SdkPathBenchmark}, in a JVM of its own: what Lambda runs. The real
 * {@link AuditHandler} with {@link SdkClients}, built from the process environment the benchmark
 * set (AWS_ENDPOINT_URL, keys, region, settings) plus an inline registry of N members (built here:
 * thousands of members exceed what one environment variable may hold). Prints one line
 * {@code RESULT {json}} with what it measured inside the process.
 *
 * <p>Arguments: members, first account id.
 */
public final class SdkPathRun {
    private SdkPathRun() {}

    public static void main(String[] args) throws Exception {
        int members = Integer.parseInt(args[0]);
        long firstAccount = Long.parseLong(args[1]);
        Sampler sampler = new Sampler();
        sampler.start();
        Map<String, Object> result = new LinkedHashMap<>();
        int exit = 0;
        try {
            Map<String, String> environment = new HashMap<>(System.getenv());
            environment.put("MEMBER_REGISTRY", IntStream.range(0, members)
                    .mapToObj(i -> "{\"accountId\":\"" + (firstAccount + i) + "\"}")
                    .collect(Collectors.joining(",", "[", "]")));
            AtomicLong logBytes = new AtomicLong();
            AtomicLong logLines = new AtomicLong();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

            long initStart = System.nanoTime();
            AuditHandler handler = new AuditHandler(environment, Clock.systemUTC(),
                    duration -> Thread.sleep(duration.toMillis()), SdkClients::new, line -> {
                        logLines.incrementAndGet();
                        logBytes.addAndGet(line.length());
                    });
            long runStart = System.nanoTime();
            long cpuStart = os.getProcessCpuTime();
            JsonNode report = Json.MAPPER.valueToTree(handler.handleRequest(null, null));
            long runEnd = System.nanoTime();
            long cpuEnd = os.getProcessCpuTime();
            sampler.stopSampling();

            result.put("initMillis", (runStart - initStart) / 1_000_000);
            result.put("wallMillis", (runEnd - runStart) / 1_000_000);
            result.put("cpuMillis", (cpuEnd - cpuStart) / 1_000_000);
            result.put("summary", report.path("summary").asText());
            result.put("accounts", report.at("/totals/accounts").asInt());
            result.put("compliant", report.at("/totals/compliant").asInt());
            result.put("drifted", report.at("/totals/drifted").asInt());
            result.put("unreachable", report.at("/totals/unreachable").asInt());
            result.put("unreachableReasons", reasons(report));
            result.put("emailSent", report.at("/publication/messageId").isTextual());
            result.put("logLines", logLines.get());
            result.put("logBytes", logBytes.get());
        } catch (Throwable failure) {
            sampler.stopSampling();
            result.put("error", failure.toString());
            exit = 1;
        }
        result.put("cpuByLiveThread", cpuByLiveThread());
        result.put("peakJavaThreads", ManagementFactory.getThreadMXBean().getPeakThreadCount());
        result.put("peakOsThreads", sampler.peakOsThreads);
        result.put("threadsAtPeak", sampler.namesAtPeak());
        result.put("threadsAtPeakCount", sampler.namedPeak);
        result.put("vmHwmKb", status("VmHWM"));
        result.put("peakSampledRssKb", sampler.peakRssKb);
        result.put("uid", status("Uid").split("\\s+")[0]);
        result.put("maxProcesses", limit("Max processes"));
        System.out.println("RESULT " + Json.write(result));
        System.out.flush();
        System.exit(exit);
    }

    /** Distinct reasons members were unreachable, with how many members each. */
    private static Map<String, Integer> reasons(JsonNode report) {
        Map<String, Integer> reasons = new TreeMap<>();
        for (JsonNode account : report.path("accounts")) {
            if (!"UNREACHABLE".equals(account.path("status").asText())) {
                continue;
            }
            String reason = "unknown";
            for (JsonNode check : account.path("checks")) {
                if ("UNREACHABLE".equals(check.path("outcome").asText())) {
                    reason = check.path("actual").asText();
                    break;
                }
            }
            reasons.merge(reason.length() > 200 ? reason.substring(0, 200) + "..." : reason, 1, Integer::sum);
        }
        return reasons;
    }

    /**
     * CPU (user + system, ms) of this process so far, and of the threads still alive at the end by OS
     * thread name (digits as N): the JVM's own (GC, compiler) stay, the run's have ended, so the rest is theirs.
     */
    private static Map<String, Long> cpuByLiveThread() {
        Map<String, Long> cpu = new TreeMap<>();
        long tick = 10; // ms per clock tick (USER_HZ 100)
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    cpu.merge(comm, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * tick, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpu.put("(whole process, user)", Long.parseLong(fields[11]) * tick);
            cpu.put("(whole process, system)", Long.parseLong(fields[12]) * tick);
        } catch (IOException e) {
            cpu.put("unreadable", -1L);
        }
        cpu.values().removeIf(ms -> ms == 0);
        return cpu;
    }

    static String status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).trim().replace(" kB", "");
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }

    private static String limit(String name) {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith(name))
                    .map(l -> l.substring(name.length()).trim().replaceAll("\\s+", " ")).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Samples every 10 ms the OS's thread count and resident set of this process (/proc/self/status
     * {@code Threads}, {@code VmRSS}). When the JVM's thread count has grown by a tenth (at least 16)
     * since the last look, it keeps the live threads' names (grouped only at the end, digits as N),
     * to show where threads come from at about the peak. The exact peaks come from the JVM
     * (ThreadMXBean peak) and the kernel (VmHWM) at the end; the sampler itself is one thread.
     */
    private static final class Sampler extends Thread {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private volatile boolean sampling = true;
        volatile int peakOsThreads;
        volatile long peakRssKb;
        volatile int namedPeak;
        private volatile String[] namesAtPeak = new String[0];

        Sampler() {
            super("bench-sampler");
            setDaemon(true);
        }

        void stopSampling() {
            sampling = false;
            try {
                join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The names kept at the highest count, grouped with digits as N. */
        Map<String, Integer> namesAtPeak() {
            Map<String, Integer> names = new TreeMap<>();
            for (String name : namesAtPeak) {
                names.merge(name.replaceAll("\\d+", "N"), 1, Integer::sum);
            }
            return names;
        }

        @Override
        public void run() {
            while (sampling) {
                sampleProc();
                int count = threads.getThreadCount();
                if (count >= namedPeak + Math.max(16, namedPeak / 10)) {
                    nameThreads();
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sampleProc() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Threads:")) {
                        peakOsThreads = Math.max(peakOsThreads, Integer.parseInt(line.substring(8).trim()));
                    } else if (line.startsWith("VmRSS:")) {
                        peakRssKb = Math.max(peakRssKb, Long.parseLong(line.substring(6).replace("kB", "").trim()));
                    }
                }
            } catch (IOException | NumberFormatException ignored) {
                // a missed sample
            }
        }

        private void nameThreads() {
            ThreadGroup root = Thread.currentThread().getThreadGroup();
            while (root.getParent() != null) {
                root = root.getParent();
            }
            Thread[] all = new Thread[root.activeCount() * 2 + 16];
            int n = root.enumerate(all, true);
            String[] names = new String[n];
            for (int i = 0; i < n; i++) {
                names[i] = all[i].getName();
            }
            namedPeak = n;
            namesAtPeak = names;
        }
    }
}
