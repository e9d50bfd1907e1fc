package dev.trailauditor.scenario;

import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailauditor.AuditHandler;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.Fleet;
import dev.trailauditor.sim.FleetClients;
import dev.trailauditor.sim.HealthyFleet;
import dev.trailauditor.sim.SimBucket;
import dev.trailauditor.sim.SimClock;
import dev.trailauditor.sim.SimTrail;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A simulated audit account and its members, set up healthy from the configuration in
 * {@code events/env.json} (the file {@code sam local invoke} uses), driven through the real
 * handler with {@code events/scheduled.json}.
 */
final class ScenarioFleet {
    /** The handler's input type as the runtime sees it (generic, so Jackson reads JSON objects into maps). */
    private static final java.lang.reflect.Type HANDLER_INPUT = handlerInput();
    static final Instant NOW = Instant.parse("2026-11-29T03:00:00Z");

    /** Simulated time: the run's pauses between CloudTrail writes advance it instead of sleeping. */
    final SimClock clock = new SimClock(NOW);
    final Fleet fleet = new Fleet(clock);
    final Map<String, String> env;
    final AuditConfig config;
    /** What the handler logged: the JSON report of each run, or the configuration error. */
    final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ScenarioFleet(Map<String, String> env) {
        this.env = env;
        this.config = ConfigLoader.load(env, name -> Optional.empty());
        HealthyFleet.setUp(fleet, config);
    }

    /** The fleet of {@code events/env.json} as it is. */
    static ScenarioFleet fromEventsEnv() {
        return withRegistry(null);
    }

    /** The fleet of {@code events/env.json} with central and trail repairs on. */
    static ScenarioFleet inRepairMode() {
        ScenarioFleet scenario = fromEventsEnv();
        scenario.env.put("CENTRAL_POLICY_MODE", "repair");
        scenario.env.put("TRAIL_MODE", "repair");
        return scenario;
    }

    /** The audit account's central bucket. */
    SimBucket centralBucket() {
        return fleet.account(config.auditAccountId()).bucket(config.centralBucket());
    }

    /** The same audit account with another member registry (null keeps the file's). */
    static ScenarioFleet withRegistry(String registryJson) {
        Map<String, String> env = eventsEnv();
        if (registryJson != null) {
            env.put("MEMBER_REGISTRY", registryJson);
        }
        return new ScenarioFleet(env);
    }

    static Map<String, String> eventsEnv() {
        try {
            JsonNode variables = new ObjectMapper().readTree(Path.of("events/env.json").toFile()).get("AuditFunction");
            Map<String, String> env = new HashMap<>();
            variables.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            env.put("AWS_REGION", "eu-west-1"); // sam local invoke sets it, as Lambda does
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The history bucket {@link #withHistory} keeps the run reports in. */
    static final String HISTORY_BUCKET = "trail-auditor-history-111111111111";

    /**
     * Keeps each run's report in a history bucket of the audit account (under {@code prefix}, if not empty): the one the
     * stack creates, which holds the history alone.
     */
    ScenarioFleet withHistory(String prefix) {
        env.put("HISTORY_BUCKET", HISTORY_BUCKET);
        env.put("HISTORY_PREFIX", prefix);
        env.put("HISTORY_BUCKET_DEDICATED", "true");
        fleet.account(config.auditAccountId()).bucket(HISTORY_BUCKET).region("eu-west-1");
        return this;
    }

    dev.trailauditor.sim.SimBucket historyBucket() {
        return fleet.account(config.auditAccountId()).bucket(HISTORY_BUCKET);
    }

    /** The queue the failed-call rules send to (events/env.json names it). */
    dev.trailauditor.sim.SimQueue failedCallsQueue() {
        return HealthyFleet.failedCallsQueue(fleet, config).orElseThrow();
    }

    /** A failed call, as the failed-call rules deliver it: the EventBridge event of an events/ file as the message body. */
    ScenarioFleet failedCall(String eventFile) {
        try {
            failedCallsQueue().send(Files.readString(Path.of(eventFile)));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SimTrail trail(String accountId) {
        return HealthyFleet.trail(fleet, config.membersWithIds(List.of(accountId)).get(0));
    }

    AuditHandler handler() {
        return new AuditHandler(env, clock, clock::advance, environment -> new FleetClients(fleet, config.auditAccountId()),
                log::add);
    }

    /** Runs the handler on the scheduled event file; the result as JSON, as Lambda would return it. */
    JsonNode invoke() {
        return invoke("events/scheduled.json");
    }

    /** Runs the handler on an event file of {@code events/}, read as Lambda reads it. */
    JsonNode invoke(String eventFile) {
        return Json.MAPPER.valueToTree(handler().handleRequest(event(eventFile), null));
    }

    /** Runs the handler on the scheduled event with this much time for the audit after what is kept for the report. */
    JsonNode invokeWithBudget(Duration budget) {
        return invokeWithTimeLeft((int) dev.trailauditor.AuditHandler.REPORT_RESERVE.plus(budget).toMillis());
    }

    /** Runs the handler on the scheduled event with this much of Lambda's time left (a real-time budget). */
    JsonNode invokeWithTimeLeft(int remainingMillis) {
        com.amazonaws.services.lambda.runtime.Context context = org.mockito.Mockito.mock(
                com.amazonaws.services.lambda.runtime.Context.class);
        org.mockito.Mockito.when(context.getRemainingTimeInMillis()).thenReturn(remainingMillis);
        return Json.MAPPER.valueToTree(handler().handleRequest(scheduledEvent(), context));
    }

    static Map<String, Object> scheduledEvent() {
        return event("events/scheduled.json");
    }

    private static java.lang.reflect.Type handlerInput() {
        try {
            return AuditHandler.class.getMethod("handleRequest", Map.class,
                    com.amazonaws.services.lambda.runtime.Context.class).getGenericParameterTypes()[0];
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event file as Lambda's runtime hands it to the handler: its default serializer, into the input type. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> event(String eventFile) {
        try (InputStream in = Files.newInputStream(Path.of(eventFile))) {
            return (Map<String, Object>) JacksonFactory.getInstance().getSerializer(HANDLER_INPUT).fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every result that is not PASS, as "account check OUTCOME" (central key results: "central ..."). */
    static TreeSet<String> findings(JsonNode report) {
        TreeSet<String> findings = new TreeSet<>();
        for (JsonNode account : report.get("accounts")) {
            account.get("checks").forEach(c -> add(findings, account.get("accountId").asText(), c));
        }
        report.at("/central/checks").forEach(c -> add(findings, c.has("account") ? c.get("account").asText() : "central", c));
        return findings;
    }

    private static void add(TreeSet<String> findings, String who, JsonNode check) {
        if (!check.get("outcome").asText().equals("PASS")) {
            findings.add(who + " " + check.get("check").asText() + " " + check.get("outcome").asText());
        }
    }

    /** Calls that changed something the auditor audits (publishing the report is not one). */
    List<String> writes() {
        return fleet.mutatingCalls().stream().map(c -> c.accountId() + " " + c.operation()).toList();
    }

    /** The element of a report's array (at {@code path}) whose {@code field} is {@code value}. */
    static JsonNode find(JsonNode report, String path, String field, String value) {
        for (JsonNode element : report.at(path)) {
            if (element.get(field).asText().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + path);
    }

    static JsonNode account(JsonNode report, String accountId) {
        return find(report, "/accounts", "accountId", accountId);
    }

    /**
     * Runs twice and returns the second report, having checked it wrote nothing and found nothing left. The second run
     * is an hour later: a trail created or restarted by the first has delivered its first log and digest files by then.
     */
    JsonNode secondRun() {
        invoke();
        int writes = writes().size();
        clock.advance(java.time.Duration.ofMinutes(65));
        JsonNode second = invoke();
        org.assertj.core.api.Assertions.assertThat(writes()).as("writes of the second run").hasSize(writes);
        org.assertj.core.api.Assertions.assertThat(findings(second)).as("findings of the second run").isEmpty();
        return second;
    }
}
