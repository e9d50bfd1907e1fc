package dev.trailauditor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.AuditHandler;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.policy.LogPrefix;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.PolicyMerger;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.Fault;
import dev.trailauditor.sim.Fleet;
import dev.trailauditor.sim.FleetClients;
import dev.trailauditor.sim.SimAccount;
import dev.trailauditor.sim.SimCall;
import dev.trailauditor.sim.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How long a whole run takes for a given fleet size: the real handler against the simulated
 * fleet, with an optional latency on every AWS call (real time) to stand in for the network, and how
 * many calls it makes a member (all the fleet answered, the central ones included, over the members;
 * in brackets delivery.arrived's ListObjectsV2 and HeadObject).
 * Run with {@code mvn -B -Pbench verify}; not a test, its figures go into the README.
 * {@code -Dbench.rows=cpu} runs only the CPU-only rows, {@code -Dbench.cpuRuns=N} of them (default 3).
 */
public final class PipelineBenchmark {
    static final String AUDIT = "111111111111";
    private static final String REGION = "eu-west-1";
    private static final String BUCKET = "central-trail-logs";
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String KEY = "arn:aws:kms:" + REGION + ":" + AUDIT + ":key/" + KEY_ID;
    /** The calls delivery.arrived makes, in the audit account's central bucket. */
    private static final List<String> ARRIVAL_CALLS = List.of("ListObjectsV2", "HeadObject");
    private static final CentralTarget TARGET = new CentralTarget("aws", BUCKET, LogPrefix.of("org"), KEY, AUDIT,
            java.time.Instant.parse("2026-11-29T03:00:00Z"));

    private PipelineBenchmark() {}

    public static void main(String[] args) {
        System.out.println("| run | members | latency per call | parallelism | calls per member (delivery.arrived) | wall time | result |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        boolean all = !"cpu".equals(System.getProperty("bench.rows", "all"));
        for (int members : all ? new int[] {50, 500, 1000} : new int[0]) {
            measure("audit, policies as the auditor writes them", members, Duration.ZERO, 8, false);
            measure("audit, policies as the auditor writes them", members, Duration.ofMillis(30), 8, false);
            measure("audit, policies as the auditor writes them", members, Duration.ofMillis(30), 32, false);
            measure("repair, central policies empty", members, Duration.ZERO, 8, true);
        }
        // The pure CPU part of a big fleet: checks, plans, exposure probes, report, email, log lines.
        for (int run = Integer.getInteger("bench.cpuRuns", 3); run > 0; run--) {
            measure("audit, CPU only", 5_000, Duration.ZERO, 8, false);
        }
    }

    private static void measure(String label, int members, Duration latency, int parallelism, boolean emptyPolicies) {
        List<Grantee> grantees = grantees(members);
        SimClock clock = new SimClock(Instant.parse("2026-11-29T03:00:00Z"));
        Fleet fleet = fleet(clock, grantees, emptyPolicies);
        grantees.forEach(g -> fleet.inject(g.accountId(), "*", Fault.delay(latency)));
        // delivery.arrived's listings and HeadObject are the function's own calls, but one set a member: as slow as theirs.
        ARRIVAL_CALLS.forEach(operation -> fleet.inject(AUDIT, operation, Fault.delay(latency)));
        Map<String, String> env = environment(grantees, parallelism, emptyPolicies);
        AuditHandler handler = new AuditHandler(env, clock, clock::advance, e -> new FleetClients(fleet, AUDIT), line -> { });

        long start = System.nanoTime();
        JsonNode report = Json.MAPPER.valueToTree(handler.handleRequest(null, null));
        long millis = (System.nanoTime() - start) / 1_000_000;

        List<SimCall> calls = fleet.calls();
        long arrival = calls.stream().filter(c -> ARRIVAL_CALLS.contains(c.operation())).count();
        System.out.printf(Locale.ROOT, "| %s | %,d | %d ms | %d | %.2f (%.2f) | %,d ms | %s |%n", label, members, latency.toMillis(),
                parallelism, calls.size() / (double) members, arrival / (double) members, millis, outcome(report));
    }

    private static String outcome(JsonNode report) {
        String changes = java.util.stream.StreamSupport.stream(report.at("/central/changes").spliterator(), false)
                .map(c -> c.get("policy").asText() + " " + c.get("state").asText()
                        + (c.has("shape") ? " " + c.get("shape").asText() + " " + c.get("sizeAfter").asInt() + " B" : ""))
                .collect(Collectors.joining(", "));
        return report.get("summary").asText() + (changes.isEmpty() ? "" : "; " + changes);
    }

    static List<Grantee> grantees(int count) {
        List<Grantee> grantees = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String account = Long.toString(200_000_000_000L + i);
            grantees.add(new Grantee(account, Arn.of("arn:aws:cloudtrail:" + REGION + ":" + account + ":trail/org-trail")));
        }
        return grantees;
    }

    /** The audit account with its bucket, key and topic, and one healthy trail per member. */
    static Fleet fleet(SimClock clock, List<Grantee> grantees, boolean emptyPolicies) {
        Fleet fleet = new Fleet(clock);
        SimAccount audit = fleet.account(AUDIT);
        PolicyMerger merger = new PolicyMerger();
        var bucket = audit.bucket(BUCKET).region(REGION).harden(KEY);
        var key = audit.kmsKey(REGION, KEY_ID).rotation(true);
        if (!emptyPolicies) {
            bucket.policy(merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, grantees, false).document().toJson());
            key.policy(merger.merge(PolicyKind.KEY, Optional.empty(), TARGET, grantees, false).document().toJson());
        }
        audit.snsTopic(REGION, "trail-audit");
        audit.ssmParameter(REGION, "/trail-auditor/members", registry(grantees));
        for (Grantee grantee : grantees) {
            fleet.account(grantee.accountId()).role("TrailAuditorMemberRole");
            fleet.account(grantee.accountId()).trail("org-trail", REGION).healthy(BUCKET, "org", KEY);
        }
        return fleet;
    }

    private static String registry(List<Grantee> grantees) {
        return grantees.stream().map(g -> "{\"accountId\":\"" + g.accountId() + "\"}").collect(Collectors.joining(",", "[", "]"));
    }

    static Map<String, String> environment(List<Grantee> grantees, int parallelism, boolean repair) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("CENTRAL_BUCKET", BUCKET);
        env.put("LOG_PREFIX", "org");
        env.put("CENTRAL_KEY_ARN", KEY);
        env.put("AUDIT_ACCOUNT_ID", AUDIT);
        env.put("DEFAULT_TRAIL_NAME", "org-trail");
        env.put("DEFAULT_HOME_REGION", REGION);
        env.put("REPORT_TOPIC_ARN", "arn:aws:sns:" + REGION + ":" + AUDIT + ":trail-audit");
        env.put("MEMBER_REGISTRY_PARAMETER", "/trail-auditor/members");
        env.put("PARALLELISM", Integer.toString(parallelism));
        env.put("CENTRAL_POLICY_MODE", repair ? "repair" : "audit");
        return env;
    }
}
