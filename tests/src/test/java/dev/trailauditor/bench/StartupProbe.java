package dev.trailauditor.bench;

import dev.trailauditor.AuditHandler;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.sim.Fleet;
import dev.trailauditor.sim.FleetClients;
import dev.trailauditor.sim.SimClock;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One cold start, in a JVM of its own ({@link StartupBenchmark} launches it): how long from the JVM's
 * start until the handler is constructed and until its first report, and how many classes are loaded
 * by then, on a small simulated fleet. Prints one line of figures; the JMX beans it reads are
 * initialised first, so their own classes count in the baseline, not in the handler's.
 */
public final class StartupProbe {
    private StartupProbe() {}

    public static void main(String[] args) {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long mainAt = runtime.getUptime();
        int mainClasses = classes.getLoadedClassCount();

        List<Grantee> grantees = PipelineBenchmark.grantees(3);
        SimClock clock = new SimClock(Instant.parse("2026-11-29T03:00:00Z"));
        Fleet fleet = PipelineBenchmark.fleet(clock, grantees, false);
        Map<String, String> env = PipelineBenchmark.environment(grantees, 8, false);
        long fleetAt = runtime.getUptime();
        int fleetClasses = classes.getLoadedClassCount();

        AtomicInteger lines = new AtomicInteger();
        AuditHandler handler = new AuditHandler(env, clock, clock::advance,
                e -> new FleetClients(fleet, PipelineBenchmark.AUDIT), line -> lines.incrementAndGet());
        long constructedAt = runtime.getUptime();
        int constructedClasses = classes.getLoadedClassCount();

        Map<String, Object> report = handler.handleRequest(null, null);
        long reportAt = runtime.getUptime();
        int reportClasses = classes.getLoadedClassCount();

        System.out.printf(Locale.ROOT, "main %d ms %d classes | fleet built %d ms %d classes | handler constructed %d ms"
                        + " %d classes | first report %d ms %d classes | %s, %d log lines%n",
                mainAt, mainClasses, fleetAt, fleetClasses, constructedAt, constructedClasses, reportAt, reportClasses,
                report.get("summary"), lines.get());
    }
}
