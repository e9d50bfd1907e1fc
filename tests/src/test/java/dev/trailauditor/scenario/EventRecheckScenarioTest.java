package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.AuditHandler;
import dev.trailauditor.FailedCallsInbox;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.GrantingPolicies;
import dev.trailauditor.sim.SimTopic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;

/**
 * The event path through the real handler: the CloudTrail calls of {@code events/} (a StopLogging in a member, a burst
 * of five edits of one trail as one Kinesis batch, a PutBucketPolicy in the audit account) against the simulated fleet.
 */
class EventRecheckScenarioTest {
    private static final String PROD = "222222222222";
    private static final String AUDIT = "111111111111";

    private static ScenarioFleet repairingTrails() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("TRAIL_MODE", "repair");
        return scenario;
    }

    private static List<SimTopic.Message> emails(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).snsTopic("eu-west-1", "trail-audit").messages();
    }

    /** The runs the handler logged, by their run ids (each run logs several lines with the same id). */
    private static Set<String> runs(ScenarioFleet scenario) {
        Set<String> ids = new TreeSet<>();
        for (String line : scenario.log) {
            JsonNode node = readTree(line);
            if (node.has("runId") && node.has("summary")) {
                ids.add(node.get("runId").asText());
            }
        }
        return ids;
    }

    private static JsonNode readTree(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aStopLoggingEventStartsTheTrailAgainInOneTargetedRun() {
        ScenarioFleet scenario = repairingTrails();
        scenario.trail(PROD).stopLogging();
        scenario.trail("333333333333").bucket("someone-elses-bucket"); // not named by the event: not looked at

        JsonNode report = scenario.invoke("events/member-stop-logging.json");

        assertThat(scenario.trail(PROD).isLogging()).isTrue();
        assertThat(scenario.writes()).containsExactly(PROD + " StartLogging");
        assertThat(report.get("accounts")).extracting(a -> a.get("accountId").asText()).containsExactly(PROD);
        assertThat(ScenarioFleet.findings(report)).containsExactly(PROD + " trail.logging REPAIRED");
        assertThat(scenario.fleet.assumedRoles()).extracting(r -> r.roleArn())
                .containsExactly("arn:aws:iam::222222222222:role/TrailAuditorMemberRole");
        assertThat(report.at("/trigger/events/0/eventName").asText()).isEqualTo("StopLogging");
        assertThat(report.at("/trigger/events/0/who").asText()).isEqualTo("arn:aws:iam::222222222222:user/mallory");
        assertThat(report.at("/trigger/events/0/time").asText()).isEqualTo("2026-11-29T03:05:12Z");
        assertThat(runs(scenario)).hasSize(1);
        assertThat(emails(scenario)).singleElement().satisfies(email -> {
            assertThat(email.subject()).isEqualTo("Trail audit: all 1 account compliant, 1 repaired");
            assertThat(email.body()).contains("Re-checked after:\n  StopLogging in 222222222222 on"
                    + " arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail by arn:aws:iam::222222222222:user/mallory"
                    + " at 2026-11-29T03:05:12Z\n");
        });
    }

    @Test
    void fiveEditsOfOneTrailInABurstLeadToOneRun() {
        ScenarioFleet scenario = repairingTrails();
        scenario.trail(PROD).stopLogging().bucket("someone-elses-bucket").logValidation(false)
                .managementEvents(ReadWriteType.READ_ONLY);

        JsonNode report = scenario.invoke("events/member-trail-burst.json");

        assertThat(runs(scenario)).as("one run for the batch of five").hasSize(1);
        assertThat(emails(scenario)).hasSize(1);
        assertThat(scenario.fleet.assumedRoles()).hasSize(1);
        assertThat(report.get("accounts")).extracting(a -> a.get("accountId").asText()).containsExactly(PROD);
        assertThat(scenario.writes()).containsExactly(PROD + " UpdateTrail", PROD + " PutEventSelectors", PROD + " StartLogging");
        assertThat(ScenarioFleet.findings(report)).containsExactly(PROD + " trail.bucket REPAIRED",
                PROD + " trail.log-validation REPAIRED", PROD + " trail.logging REPAIRED",
                PROD + " trail.management-events REPAIRED");
        assertThat(report.at("/trigger/events")).extracting(e -> e.get("eventName").asText())
                .containsExactly("StopLogging", "UpdateTrail", "PutEventSelectors", "UpdateTrail", "PutInsightSelectors");
        assertThat(emails(scenario).get(0).body()).contains("PutEventSelectors in 222222222222 on org-trail");
    }

    @Test
    void anEventFromAnUnregisteredAccountChangesNothingAndIsLogged() {
        ScenarioFleet scenario = repairingTrails();
        Map<String, Object> event = ScenarioFleet.event("events/member-stop-logging.json");
        event.put("account", "999999999999");

        Map<String, Object> result = scenario.handler().handleRequest(event, null);

        assertThat(result).containsEntry("rechecked", false);
        assertThat(scenario.fleet.calls()).as("no AWS call at all").isEmpty();
        assertThat(emails(scenario)).isEmpty();
        assertThat(scenario.log).singleElement().asString().contains("\"rechecked\":false")
                .contains("StopLogging in 999999999999").contains("account 999999999999 is not registered");
    }

    @Test
    void aCentralBucketPolicyEventReChecksTheCentralPoliciesAlone() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("CENTRAL_POLICY_MODE", "repair");
        // Someone's PutBucketPolicy dropped staging's grant.
        scenario.fleet.account(AUDIT).bucket("central-trail-logs").policy(GrantingPolicies.bucket("central-trail-logs", "org",
                List.of("arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail",
                        "arn:aws:cloudtrail:us-east-1:444444444444:trail/org-trail")));

        JsonNode report = scenario.invoke("events/central-put-bucket-policy.json");

        assertThat(scenario.fleet.assumedRoles()).as("no member is looked at").isEmpty();
        assertThat(report.get("accounts")).isEmpty();
        assertThat(report.get("summary").asText()).isEqualTo("central policies repaired");
        assertThat(scenario.writes()).containsExactly(AUDIT + " PutBucketPolicy");
        assertThat(emails(scenario)).singleElement().satisfies(email -> {
            assertThat(email.subject()).isEqualTo("Trail audit: central policies repaired");
            assertThat(email.body()).contains("central policies only").contains("PutBucketPolicy in 111111111111 on"
                    + " central-trail-logs by arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess");
        });
    }

    // --- only successful calls start runs; nothing is suppressed by a name; runs are paced, never dropped ---

    private static final String DENIED = "events/member-stop-logging-denied.json";

    /** An events/ file's call, made at {@code time} (eventTime), failed with {@code errorCode} when not null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(String file, Instant time, String errorCode) {
        Map<String, Object> event = ScenarioFleet.event(file);
        Map<String, Object> detail = new HashMap<>((Map<String, Object>) event.get("detail"));
        detail.put("eventTime", time.toString());
        if (errorCode != null) {
            detail.put("errorCode", errorCode);
        }
        event.put("detail", detail);
        return event;
    }

    /** The events as one Kinesis batch, as the mapping hands it over: each base64 JSON with its sequence number. */
    private static Map<String, Object> batch(Object... events) {
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            String data = events[i] instanceof String raw ? raw : Base64.getEncoder().encodeToString(
                    Json.write(events[i]).getBytes(StandardCharsets.UTF_8));
            records.add(Map.of("eventSource", "aws:kinesis", "kinesis", Map.of("data", data, "sequenceNumber", "4965" + i)));
        }
        return Map.of("Records", records);
    }

    private static List<JsonNode> logged(ScenarioFleet scenario) {
        return scenario.log.stream().map(EventRecheckScenarioTest::readTree).toList();
    }

    /** The FailedCalls metric of the lines that declare it. */
    private static List<Integer> failedCallsMetric(ScenarioFleet scenario) {
        return logged(scenario).stream().filter(l -> l.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name")
                .contains("FailedCalls")).map(l -> l.get("FailedCalls").asInt()).toList();
    }

    /**
     * A principal with no permissions is denied StopLogging on the registered trail: no run, no AWS call, no email. The
     * failed-call rule puts it on the queue, and the next run lists it once (however often it was tried) and counts it.
     */
    @Test
    void aDeniedStopLoggingStartsNoRunAndNoEmailButTheNextReportListsAndCountsIt() {
        ScenarioFleet scenario = repairingTrails();

        Map<String, Object> handedIn = scenario.handler().handleRequest(ScenarioFleet.event(DENIED), null);

        assertThat(handedIn).containsEntry("rechecked", false).containsEntry("failedCalls", 1);
        assertThat(handedIn.get("ignored").toString()).contains("StopLogging in 222222222222")
                .contains("failed with AccessDenied, so it changed nothing and starts no re-check");
        assertThat(runs(scenario)).isEmpty();
        assertThat(scenario.fleet.calls()).as("no AWS call at all").isEmpty();
        assertThat(emails(scenario)).isEmpty();
        assertThat(failedCallsMetric(scenario)).containsExactly(1);

        // As the rules deliver them: three denied tries on the queue; the nightly run lists them.
        scenario.failedCall(DENIED).failedCall(DENIED).failedCall(DENIED);
        JsonNode nightly = scenario.invoke();

        assertThat(nightly.at("/failedCalls/count").asInt()).isEqualTo(3);
        assertThat(nightly.at("/failedCalls/attempts")).singleElement().satisfies(attempt -> {
            assertThat(attempt.get("eventName").asText()).isEqualTo("StopLogging");
            assertThat(attempt.get("who").asText()).isEqualTo("arn:aws:iam::222222222222:user/nobody");
            assertThat(attempt.get("errorCode").asText()).isEqualTo("AccessDenied");
            assertThat(attempt.get("times").asInt()).isEqualTo(3);
        });
        assertThat(emails(scenario)).singleElement().satisfies(email -> assertThat(email.body())
                .contains("Failed calls on the watched trails and policies (they changed nothing): 3\n")
                .contains("StopLogging in 222222222222 on arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail by"
                        + " arn:aws:iam::222222222222:user/nobody: AccessDenied, 3 times"));
        assertThat(failedCallsMetric(scenario)).containsExactly(1, 3);
        assertThat(scenario.failedCallsQueue().size()).as("listed once: deleted after the report went out").isZero();
        assertThat(scenario.invoke().has("failedCalls")).as("the next report has none left").isFalse();
    }

    /** A flood of denied calls floods neither the report nor the email: a run reads a bounded number, counts the rest. */
    @Test
    void aFloodOfDeniedCallsIsCountedAndCappedNotListedOneByOne() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        for (int i = 0; i < FailedCallsInbox.MOST + 100; i++) {
            scenario.failedCall(DENIED);
        }

        JsonNode nightly = scenario.invoke();

        assertThat(nightly.at("/failedCalls/count").asInt()).isEqualTo(FailedCallsInbox.MOST);
        assertThat(nightly.at("/failedCalls/attempts")).hasSize(1);
        assertThat(nightly.at("/failedCalls/problem").asText()).contains("about 100 more wait in").endsWith("for the next run");
        assertThat(emails(scenario)).singleElement().satisfies(email -> assertThat(email.body().lines()
                .filter(l -> l.contains("AccessDenied"))).hasSize(1));
        assertThat(scenario.failedCallsQueue().size()).isEqualTo(100);
        assertThat(scenario.invoke().at("/failedCalls/count").asInt()).as("the next run reads the rest").isEqualTo(100);
    }

    /** A denied PutBucketPolicy on the central bucket in the audit account: no run, no email, no AWS call. */
    @Test
    void aDeniedCentralBucketPolicyChangeStartsNoRun() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("CENTRAL_POLICY_MODE", "repair");

        Map<String, Object> result = scenario.handler().handleRequest(
                call("events/central-put-bucket-policy.json", ScenarioFleet.NOW, "AccessDenied"), null);

        assertThat(result).containsEntry("rechecked", false).containsEntry("failedCalls", 1);
        assertThat(runs(scenario)).isEmpty();
        assertThat(scenario.fleet.calls()).isEmpty();
        assertThat(emails(scenario)).isEmpty();
    }

    /** One bad record is logged with its sequence number and skipped; the batch's other calls are re-checked. */
    @Test
    void aMalformedRecordIsSkippedAndTheRestOfItsBatchReChecked() {
        ScenarioFleet scenario = repairingTrails();
        scenario.trail(PROD).stopLogging();

        JsonNode report = Json.MAPPER.valueToTree(scenario.handler().handleRequest(
                batch("bm90IGpzb24=", ScenarioFleet.event("events/member-stop-logging.json")), null));

        assertThat(scenario.trail(PROD).isLogging()).isTrue();
        assertThat(ScenarioFleet.findings(report)).containsExactly(PROD + " trail.logging REPAIRED");
        assertThat(logged(scenario)).filteredOn(l -> l.has("skipped")).singleElement()
                .satisfies(l -> assertThat(l.get("skipped").asText()).startsWith("record 49650 skipped: Records[0].kinesis.data"));
        assertThat(report.at("/trigger/ignored/0").asText()).startsWith("record 49650 skipped");
    }

    /** Nothing changed: the re-check runs, and sends no email (PUBLISH_WHEN=always is the schedule's). */
    @Test
    void anEventDrivenRunThatChangesNothingSendsNoEmail() {
        ScenarioFleet scenario = repairingTrails(); // PROD's trail logs: someone stopped and restarted it

        JsonNode report = scenario.invoke("events/member-stop-logging.json");

        assertThat(runs(scenario)).hasSize(1);
        assertThat(ScenarioFleet.findings(report)).isEmpty();
        assertThat(report.at("/publication/state").asText()).isEqualTo("SKIPPED");
        assertThat(emails(scenario)).isEmpty();
        scenario.invoke();
        assertThat(emails(scenario)).as("the nightly run still mails, as PUBLISH_WHEN says").hasSize(1);
    }

    /** A session name is no proof: a change by a member role session named TrailAuditor is re-checked and repaired. */
    @Test
    void aChangeByASessionNamedTrailAuditorIsReChecked() {
        ScenarioFleet scenario = repairingTrails();
        scenario.trail(PROD).stopLogging();
        Map<String, Object> event = ScenarioFleet.event("events/member-stop-logging.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = new HashMap<>((Map<String, Object>) event.get("detail"));
        detail.put("userIdentity", Map.of("type", "AssumedRole",
                "arn", "arn:aws:sts::222222222222:assumed-role/TrailAuditorMemberRole/TrailAuditor"));
        event.put("detail", detail);

        JsonNode report = Json.MAPPER.valueToTree(scenario.handler().handleRequest(event, null));

        assertThat(report.get("rechecked")).as("a run, not left alone").isNull();
        assertThat(scenario.trail(PROD).isLogging()).isTrue();
        assertThat(report.at("/trigger/events/0/who").asText()).endsWith("/TrailAuditor");
    }

    /**
     * Two changes of one account within the interval: the second batch's re-check waits until the interval since the
     * first run has passed, and covers both (and a change made while it waited); a third batch of calls it covered
     * starts no run. A change made right after that re-check began is not hidden: it is re-checked an interval later.
     */
    @Test
    @SuppressWarnings("unchecked")
    void callsWithinTheIntervalAreCoalescedIntoOneReCheckThatWaitsAndNothingIsLost() {
        ScenarioFleet scenario = repairingTrails();
        AuditHandler handler = scenario.handler(); // one warm environment
        Instant t0 = scenario.clock.instant();
        scenario.trail(PROD).stopLogging();
        handler.handleRequest(batch(call("events/member-stop-logging.json", t0, null)), null);
        assertThat(runs(scenario)).hasSize(1);

        // 30 s later the trail is stopped again, and a minute after that sent elsewhere.
        scenario.clock.advance(Duration.ofSeconds(30));
        scenario.trail(PROD).stopLogging();
        Map<String, Object> second = call("events/member-stop-logging.json", scenario.clock.instant(), null);
        scenario.clock.advance(Duration.ofSeconds(60));
        scenario.trail(PROD).bucket("someone-elses-bucket");
        Map<String, Object> third = call("events/member-stop-logging.json", scenario.clock.instant(), null);
        ((Map<String, Object>) third.get("detail")).put("eventName", "UpdateTrail");

        JsonNode recheck = Json.MAPPER.valueToTree(handler.handleRequest(batch(second), null));

        assertThat(Instant.parse(recheck.get("startedAt").asText())).as("an interval after the first run")
                .isAfterOrEqualTo(t0.plus(Duration.ofMinutes(5)));
        assertThat(ScenarioFleet.findings(recheck)).as("both changes, the later one too")
                .containsExactly(PROD + " trail.bucket REPAIRED", PROD + " trail.logging REPAIRED");
        Map<String, Object> covered = handler.handleRequest(batch(third), null);
        assertThat(covered).containsEntry("rechecked", false);
        assertThat(covered.get("ignored").toString()).contains("covered by run " + recheck.get("runId").asText());
        assertThat(runs(scenario)).as("three batches, two runs").hasSize(2);

        // Right after that re-check began, the trail is stopped again: re-checked an interval later, not hidden.
        Instant began = Instant.parse(recheck.get("startedAt").asText());
        scenario.clock.advance(Duration.ofSeconds(20));
        scenario.trail(PROD).stopLogging();
        JsonNode later = Json.MAPPER.valueToTree(handler.handleRequest(
                batch(call("events/member-stop-logging.json", began.plusSeconds(10), null)), null));
        assertThat(Instant.parse(later.get("startedAt").asText())).isAfterOrEqualTo(began.plus(Duration.ofMinutes(5)));
        assertThat(ScenarioFleet.findings(later)).containsExactly(PROD + " trail.logging REPAIRED");
        assertThat(scenario.trail(PROD).isLogging()).isTrue();
    }

    /** The pace survives a cold start: a new environment reads when the account was last checked from the history. */
    @Test
    void aColdStartKeepsThePaceFromTheRunHistory() {
        ScenarioFleet scenario = repairingTrails().withHistory("");
        Instant t0 = scenario.clock.instant();
        scenario.handler().handleRequest(batch(call("events/member-stop-logging.json", t0, null)), null);
        scenario.clock.advance(Duration.ofSeconds(40));

        JsonNode again = Json.MAPPER.valueToTree(scenario.handler().handleRequest(
                batch(call("events/member-stop-logging.json", scenario.clock.instant(), null)), null));

        assertThat(Instant.parse(again.get("startedAt").asText())).isAfterOrEqualTo(t0.plus(Duration.ofMinutes(5)));
        assertThat(runs(scenario)).hasSize(2);
    }

    /**
     * Detection to repair in the simulated fleet: from the moment the StopLogging event reaches the function (handler
     * already initialised, as in a warm Lambda) to the invocation's end, by which the trail logs again. Real wall time on
     * this machine; the simulated fleet answers at once, so AWS's own latencies are not in it (see README).
     */
    @Test
    void detectionToRepairInTheSimulatedFleet() {
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < 20; run++) {
            ScenarioFleet scenario = repairingTrails();
            scenario.trail(PROD).stopLogging();
            AuditHandler handler = scenario.handler();
            Map<String, Object> event = ScenarioFleet.event("events/member-stop-logging.json");
            long started = System.nanoTime();
            handler.handleRequest(event, null);
            millis.add((System.nanoTime() - started) / 1_000_000);
            assertThat(scenario.trail(PROD).isLogging()).as("run " + run).isTrue();
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.println("detection-to-repair (sim, event in -> trail logging, 20 runs): first " + millis.get(0)
                + " ms, median " + sorted.get(10) + " ms, max of the rest " + Collections.max(millis.subList(1, 20)) + " ms");
    }
}
