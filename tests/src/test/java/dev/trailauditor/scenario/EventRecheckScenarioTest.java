package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.AuditHandler;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.GrantingPolicies;
import dev.trailauditor.sim.SimTopic;
import java.util.ArrayList;
import java.util.Collections;
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
