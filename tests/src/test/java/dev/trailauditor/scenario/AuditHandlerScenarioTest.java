package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.config.ConfigException;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.Fault;
import dev.trailauditor.sim.GrantingPolicies;
import dev.trailauditor.sim.SimTopic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole pipeline, through the real handler, against simulated fleets. */
class AuditHandlerScenarioTest {

    @Test
    void healthyFleetPassesEverythingAndSaysSoByEmail() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).isEmpty();
        assertThat(report.get("summary").asText()).isEqualTo("all 3 accounts compliant");
        assertThat(report.get("runFailed").asBoolean()).isFalse();
        // Per member 12 trail and 5 bucket/key checks, 5 central ones, 9 of hardening, 4 of custody; with the event bus, per
        // member its grant and the bus's exposure.
        assertThat(report.at("/totals/checksPassed").asInt()).isEqualTo(3 * 12 + 3 * 5 + 5 + 9 + 4 + 3 + 1);
        assertThat(report.get("accounts")).extracting(a -> a.get("status").asText()).containsOnly("COMPLIANT");
        assertThat(report.at("/publication/state").asText()).isEqualTo("SENT");

        SimTopic.Message email = onlyEmail(scenario);
        assertThat(email.subject()).isEqualTo("Trail audit: all 3 accounts compliant");
        assertThat(email.body()).contains("COMPLIANT  prod (222222222222), staging (333333333333), sandbox (444444444444)");
        assertThat(scenario.writes()).isEmpty();
        assertThat(scenario.fleet.assumedRoles()).extracting(r -> r.roleArn()).containsExactlyInAnyOrder(
                "arn:aws:iam::222222222222:role/TrailAuditorMemberRole",
                "arn:aws:iam::333333333333:role/TrailAuditorMemberRole",
                "arn:aws:iam::444444444444:role/TrailAuditorMemberRole");
        assertThat(scenario.fleet.assumedRoles()).extracting(r -> r.sessionName()).containsOnly("TrailAuditor");
    }

    @Test
    void everyKindOfDriftIsFoundExactlyAndNothingIsWritten() {
        ScenarioFleet scenario = ScenarioFleet.withRegistry("""
                [{"accountId":"222222222222","name":"stopped"},
                 {"accountId":"333333333333","name":"elsewhere"},
                 {"accountId":"444444444444","name":"no-trail"},
                 {"accountId":"555555555555","name":"prefix-and-validation"},
                 {"accountId":"666666666666","name":"key-and-single-region","homeRegion":"us-east-1"},
                 {"accountId":"777777777777","name":"locked-out"},
                 {"accountId":"888888888888","name":"not-in-bucket-policy"},
                 {"accountId":"121212121212","name":"not-in-key-policy"}]""");
        scenario.trail("222222222222").stopLogging();
        scenario.trail("333333333333").bucket("someone-elses-bucket");
        scenario.fleet.account("444444444444").deleteTrail("org-trail", "eu-west-1");
        scenario.trail("555555555555").prefix("org/old").logValidation(false);
        scenario.trail("666666666666").kmsKey("arn:aws:kms:us-east-1:666666666666:key/local").multiRegion(false);
        scenario.fleet.account("777777777777").denyAssumeRole();
        List<String> allButBucket = trailArns(scenario, "888888888888");
        List<String> allButKey = trailArns(scenario, "121212121212");
        scenario.fleet.account("111111111111").bucket("central-trail-logs")
                .policy(GrantingPolicies.bucket("central-trail-logs", "org", allButBucket));
        scenario.fleet.account("111111111111").kmsKey("eu-west-1", "1234abcd-12ab-34cd-56ef-1234567890ab")
                .policy(GrantingPolicies.key("111111111111", allButKey));

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).containsExactly(
                "121212121212 key-policy.encrypt FAIL",
                "222222222222 trail.logging FAIL",
                "333333333333 trail.bucket FAIL",
                "444444444444 trail.exists FAIL",
                "555555555555 trail.log-validation FAIL",
                "555555555555 trail.prefix FAIL",
                "666666666666 trail.kms-key FAIL",
                "666666666666 trail.multi-region FAIL",
                "777777777777 delivery.arrived UNREACHABLE",
                "777777777777 trail.bucket UNREACHABLE",
                "777777777777 trail.delivery UNREACHABLE",
                "777777777777 trail.exists UNREACHABLE",
                "777777777777 trail.global-events UNREACHABLE",
                "777777777777 trail.home-region UNREACHABLE",
                "777777777777 trail.kms-key UNREACHABLE",
                "777777777777 trail.log-validation UNREACHABLE",
                "777777777777 trail.logging UNREACHABLE",
                "777777777777 trail.management-events UNREACHABLE",
                "777777777777 trail.multi-region UNREACHABLE",
                "777777777777 trail.prefix UNREACHABLE",
                "888888888888 bucket-policy.acl-check FAIL",
                "888888888888 bucket-policy.write FAIL");
        assertThat(report.get("summary").asText())
                .isEqualTo("7 of 8 accounts drifted, 1 unreachable, central policies drifted");
        assertThat(scenario.writes()).as("report-only: nothing written").isEmpty();

        String email = onlyEmail(scenario).body();
        assertThat(email).contains("could not look: cannot assume the member role: AccessDenied")
                .contains("trail.bucket: expected central-trail-logs; found someone-elses-bucket")
                .contains("trail.prefix: expected org; found org/old")
                .contains("DRIFTED  not-in-bucket-policy (888888888888)")
                .contains("central grants not in place: bucket-policy.acl-check, bucket-policy.write (see CENTRAL)")
                .contains("trail.exists: expected trail 'org-trail' of 444444444444; found no trail named 'org-trail' in any region");
    }

    private static List<String> trailArns(ScenarioFleet scenario, String except) {
        return scenario.config.members().stream().filter(m -> !m.accountId().equals(except))
                .map(m -> m.trailArn().toString()).toList();
    }

    @Test
    void throttlingAndTimeoutsMakeOneMemberUnreachableNotTheRun() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.fleet.inject("333333333333", "GetTrailStatus", Fault.throttling());
        scenario.fleet.inject("444444444444", "GetTrail", Fault.timeout());

        JsonNode report = scenario.invoke();

        assertThat(report.get("summary").asText()).isEqualTo("2 of 3 accounts unreachable");
        assertThat(ScenarioFleet.account(report, "222222222222").get("status").asText()).isEqualTo("COMPLIANT");
        assertThat(ScenarioFleet.account(report, "333333333333").at("/checks/0/actual").asText()).startsWith("ThrottlingException");
        assertThat(ScenarioFleet.account(report, "444444444444").at("/checks/0/actual").asText()).startsWith("timed out");
    }

    @Test
    void failedEmailStillReturnsTheReportAndMarksTheRunFailed() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.fleet.inject("111111111111", "Publish", Fault.accessDenied());

        JsonNode report = scenario.invoke();

        assertThat(report.get("runFailed").asBoolean()).isTrue();
        assertThat(report.at("/publication/state").asText()).isEqualTo("FAILED");
        assertThat(report.at("/publication/error").asText()).contains("not authorized");
        assertThat(report.get("accounts")).hasSize(3);
        assertThat(scenario.log).as("the report is logged before the email is tried, a line per part, then the outcome")
                .hasSize(1 + 1 + 3 + 1);
        JsonNode run = Json.MAPPER.readTree(scenario.log.get(0));
        assertThat(run.get("runId")).isEqualTo(report.get("runId"));
        assertThat(run.at("/publication/state").asText()).isEqualTo("PENDING");
        JsonNode outcome = Json.MAPPER.readTree(scenario.log.get(5));
        assertThat(outcome.get("runId")).isEqualTo(report.get("runId"));
        assertThat(outcome.get("runFailed").asBoolean()).isTrue();
        assertThat(outcome.at("/publication/state").asText()).isEqualTo("FAILED");
        assertThat(outcome.get("RunFailed").asInt()).as("the metric an alarm watches").isEqualTo(1);
        assertThat(outcome.get("RunCompleted").asInt()).as("the dead-man's switch: no email, no completed run").isEqualTo(0);
        JsonNode central = Json.MAPPER.readTree(scenario.log.get(1)).get("central");
        assertThat(central.get("changes")).isEqualTo(report.at("/central/changes"));
        assertThat(central.get("checks")).extracting(c -> c.get("check").asText())
                .containsExactly("bucket.exists", "bucket-policy.exposure", "key-policy.exposure", "key.usable",
                        "bus-policy.exposure", "registry.stale-grant", "bucket.public-access-block", "bucket.public-policy",
                        "bucket.public-acl", "bucket.tls-only", "bucket.versioning", "bucket.access-logging",
                        "bucket.default-encryption", "bucket.object-ownership", "key.rotation", "key.grants", "bucket.lifecycle",
                        "bucket.replication", "report.subscribers");
        int centralChecks = central.get("checks").size();
        for (int i = 0; i < 3; i++) {
            JsonNode line = Json.MAPPER.readTree(scenario.log.get(2 + i));
            assertThat(line.get("runId")).isEqualTo(report.get("runId"));
            assertThat(line.get("account")).isEqualTo(report.get("accounts").get(i));
            assertThat(line.get("centralChecks")).allSatisfy(c ->
                    assertThat(c.get("account")).isEqualTo(line.at("/account/accountId")));
            centralChecks += line.get("centralChecks").size();
        }
        assertThat(centralChecks).as("every central check is in some line").isEqualTo(report.at("/central/checks").size());
    }

    @Test
    void badConfigFailsEveryInvocationBeforeAnyAuditCall() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("LOG_PREFIX", "/org/");

        var handler = scenario.handler();

        assertThat(scenario.fleet.calls()).as("at init: nothing").isEmpty();
        assertThat(scenario.log).singleElement().asString().contains("LOG_PREFIX='/org/'");
        for (int invocation = 1; invocation <= 2; invocation++) {
            assertThatThrownBy(() -> handler.handleRequest(ScenarioFleet.scheduledEvent(), null))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("LOG_PREFIX='/org/' must not start or end with '/'");
        }
        assertThat(scenario.fleet.calls()).as("only the failure message, once per invocation: no audit call")
                .extracting(c -> c.operation()).containsExactly("Publish", "Publish");
    }


    private static SimTopic.Message onlyEmail(ScenarioFleet scenario) {
        List<SimTopic.Message> messages = scenario.fleet.account("111111111111")
                .snsTopic("eu-west-1", "trail-audit").messages();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }
}
