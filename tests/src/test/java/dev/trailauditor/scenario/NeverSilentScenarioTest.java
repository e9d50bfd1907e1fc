package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.AuditHandler;
import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.MemberSessions;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigException;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.Fault;
import dev.trailauditor.sim.FleetClients;
import dev.trailauditor.sim.SimTopic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A run that fails reaches a person, and every invocation's last log line carries the agreed
 * metrics: through the real handler, against the simulated fleet.
 */
class NeverSilentScenarioTest {
    private static final String AUDIT = "111111111111";

    private static List<SimTopic.Message> emails(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).snsTopic("eu-west-1", "trail-audit").messages();
    }

    /** The last log line, parsed: the outcome line with its EMF metrics. */
    private static JsonNode outcome(ScenarioFleet scenario) throws Exception {
        return Json.MAPPER.readTree(scenario.log.get(scenario.log.size() - 1));
    }

    /** The metrics the EMF directive declares, name to unit, each checked to be a number on the root. */
    private static Map<String, String> declared(JsonNode line) {
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("TrailAuditor");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("FunctionName");
        assertThat(line.get("FunctionName").asText()).isEqualTo("trail-auditor");
        Map<String, String> units = new LinkedHashMap<>();
        for (JsonNode metric : directive.get("Metrics")) {
            String name = metric.get("Name").asText();
            assertThat(line.get(name)).as(name + " is declared, so it must be on the root").isNotNull();
            assertThat(line.get(name).isNumber()).as(name).isTrue();
            units.put(name, metric.get("Unit").asText());
        }
        return units;
    }

    private static void assertFailedWithoutFigures(JsonNode line) {
        assertThat(declared(line)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "RunFailed", "Count", "RunCompleted", "Count", "RunDuration", "Milliseconds"));
        assertThat(line.get("RunFailed").asInt()).isEqualTo(1);
        assertThat(line.get("RunCompleted").asInt()).isEqualTo(0);
        assertThat(line.get("RunDuration").asDouble()).isPositive();
        assertThat(line.get("runFailed").asBoolean()).isTrue();
    }

    // --- a healthy run, and one whose figures are not all good ---

    @Test
    void aRunThatCompletesSaysSoAndItsFiguresAreTheReportsTotals() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.trail("333333333333").stopLogging();
        scenario.fleet.account("444444444444").denyAssumeRole();

        JsonNode report = scenario.invoke();

        JsonNode line = outcome(scenario);
        Map<String, String> units = declared(line);
        assertThat(units).hasSize(12).containsEntry("RunDuration", "Milliseconds");
        assertThat(units).allSatisfy((name, unit) ->
                assertThat(unit).as(name).isEqualTo(name.equals("RunDuration") ? "Milliseconds" : "Count"));
        assertThat(line.get("runId")).isEqualTo(report.get("runId"));
        assertThat(line.get("RunCompleted").asInt()).isEqualTo(1);
        assertThat(line.get("RunFailed").asInt()).isEqualTo(0);
        assertThat(line.get("RunDuration").asDouble()).isPositive();
        JsonNode totals = report.get("totals");
        assertThat(line.get("AccountsAudited").asInt()).isEqualTo(totals.get("accounts").asInt()).isEqualTo(3);
        assertThat(line.get("AccountsCompliant").asInt()).isEqualTo(totals.get("compliant").asInt()).isEqualTo(1);
        assertThat(line.get("AccountsDrifted").asInt()).isEqualTo(totals.get("drifted").asInt()).isEqualTo(1);
        assertThat(line.get("AccountsUnreachable").asInt()).isEqualTo(totals.get("unreachable").asInt()).isEqualTo(1);
        assertThat(line.get("AccountsRepaired").asInt()).isEqualTo(totals.get("repaired").asInt()).isEqualTo(0);
        assertThat(line.get("ChecksFailed").asInt()).isEqualTo(totals.get("checksFailed").asInt()).isEqualTo(1);
        assertThat(line.get("ChecksUnreachable").asInt()).isEqualTo(totals.get("checksUnreachable").asInt()).isPositive();
        assertThat(line.get("CentralPoliciesCompliant").asInt()).isEqualTo(1);
        assertThat(report.at("/central/status").asText()).isEqualTo("COMPLIANT");
    }

    @Test
    void anEmailThatCannotBeSentMeansTheRunFailedAndDidNotComplete() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.fleet.inject(AUDIT, "Publish", Fault.accessDenied());

        JsonNode report = scenario.invoke();

        JsonNode line = outcome(scenario);
        assertThat(declared(line)).hasSize(12);
        assertThat(line.get("RunFailed").asInt()).isEqualTo(1);
        assertThat(line.get("RunCompleted").asInt()).isEqualTo(0);
        assertThat(line.get("AccountsCompliant").asInt()).as("the figures are still known").isEqualTo(3);
        assertThat(report.at("/publication/state").asText()).isEqualTo("FAILED");
    }

    // --- configuration errors ---

    @Test
    void aConfigurationErrorIsSentToTheTopicLoggedAsFailedAndFailsTheInvocation() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("LOG_PREFIX", "/org/");
        scenario.env.put("PARALLELISM", "0");
        AuditHandler handler = scenario.handler();

        assertThatThrownBy(() -> handler.handleRequest(ScenarioFleet.scheduledEvent(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LOG_PREFIX='/org/'");

        SimTopic.Message message = emails(scenario).get(0);
        assertThat(emails(scenario)).hasSize(1);
        assertThat(message.subject()).isEqualTo("Trail audit FAILED: configuration");
        assertThat(message.body()).contains("no account was audited")
                .contains("LOG_PREFIX='/org/' must not start or end with '/'")
                .contains("PARALLELISM='0' must be a whole number from 1 to 64");
        JsonNode line = outcome(scenario);
        assertFailedWithoutFigures(line);
        assertThat(message.body()).contains("Run " + line.get("runId").asText());
        assertThat(line.at("/failure/kind").asText()).isEqualTo("configuration");
        assertThat(line.at("/failure/error").asText()).contains("LOG_PREFIX='/org/'");
        assertThat(line.at("/publication/state").asText()).isEqualTo("SENT");
        assertThat(line.at("/publication/messageId").asText()).isEqualTo(message.messageId());
        assertThat(scenario.fleet.calls()).extracting(c -> c.operation()).containsExactly("Publish");
    }

    @Test
    void aConfigurationErrorInTheTopicItselfIsOnlyLogged() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("REPORT_TOPIC_ARN", "arn:aws:sns:eu-west-1:111111111111:trail audit");
        AuditHandler handler = scenario.handler();

        assertThatThrownBy(() -> handler.handleRequest(ScenarioFleet.scheduledEvent(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("REPORT_TOPIC_ARN=");

        assertThat(scenario.fleet.calls()).as("no topic to trust: nothing sent").isEmpty();
        assertThat(scenario.log.get(0)).contains("REPORT_TOPIC_ARN=");
        JsonNode line = outcome(scenario);
        assertFailedWithoutFigures(line);
        assertThat(line.at("/publication/state").asText()).isEqualTo("DISABLED");
    }

    @Test
    void aFailureMessageThatCannotBeSentIsLoggedAndTheConfigurationErrorStillEndsTheInvocation() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("LOG_PREFIX", "/org/");
        scenario.fleet.inject(AUDIT, "Publish", Fault.accessDenied());
        AuditHandler handler = scenario.handler();

        assertThatThrownBy(() -> handler.handleRequest(ScenarioFleet.scheduledEvent(), null))
                .as("the configuration error, not the publish's").isInstanceOf(ConfigException.class);

        assertThat(emails(scenario)).isEmpty();
        JsonNode line = outcome(scenario);
        assertFailedWithoutFigures(line);
        assertThat(line.at("/publication/state").asText()).isEqualTo("FAILED");
        assertThat(line.at("/publication/error").asText()).contains("not authorized");
    }

    // --- an exception nothing in the audit expected ---

    @Test
    void anExceptionInsideTheAuditIsSentWithItsClassMessageAndRunIdAndRethrown() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        AuditHandler handler = handlerWhoseMemberSessionsBreak(scenario);

        assertThatThrownBy(() -> handler.handleRequest(ScenarioFleet.scheduledEvent(), null))
                .isInstanceOf(IllegalStateException.class).hasMessage("session pool exhausted");

        JsonNode line = outcome(scenario);
        assertFailedWithoutFigures(line);
        String runId = line.get("runId").asText();
        assertThat(line.at("/failure/kind").asText()).isEqualTo("exception");
        assertThat(line.at("/publication/state").asText()).isEqualTo("SENT");
        SimTopic.Message message = emails(scenario).get(0);
        assertThat(emails(scenario)).hasSize(1);
        assertThat(message.subject()).isEqualTo("Trail audit FAILED: java.lang.IllegalStateException: session pool exhausted");
        assertThat(message.body()).contains("java.lang.IllegalStateException: session pool exhausted")
                .contains("Run " + runId).contains("stack trace");

        JsonNode trace = scenario.log.stream().map(NeverSilentScenarioTest::read)
                .filter(l -> l.has("stackTrace")).findFirst().orElseThrow();
        assertThat(trace.get("runId").asText()).isEqualTo(runId);
        assertThat(trace.get("error").asText()).isEqualTo("java.lang.IllegalStateException: session pool exhausted");
        assertThat(trace.get("stackTrace")).isNotEmpty().anySatisfy(frame ->
                assertThat(frame.asText()).contains("NeverSilentScenarioTest"));
        assertThat(scenario.fleet.calls()).filteredOn(c -> c.operation().equals("AssumeRole")).isEmpty();
    }

    @Test
    void anExceptionWhoseFailureMessageCannotBeSentIsStillLoggedAndRethrown() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.fleet.inject(AUDIT, "Publish", Fault.exception(() -> new IllegalStateException("SNS is down")));
        AuditHandler handler = handlerWhoseMemberSessionsBreak(scenario);

        assertThatThrownBy(() -> handler.handleRequest(ScenarioFleet.scheduledEvent(), null))
                .isInstanceOf(IllegalStateException.class).hasMessage("session pool exhausted");

        JsonNode line = outcome(scenario);
        assertFailedWithoutFigures(line);
        assertThat(line.at("/publication/state").asText()).isEqualTo("FAILED");
        assertThat(line.at("/publication/error").asText()).contains("SNS is down");
    }

    // --- the time limit ---

    @Test
    void aRunCutShortByItsTimeLimitSaysSoInTheSubjectAndDidNotComplete() throws Exception {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();

        JsonNode report = scenario.invokeWithTimeLeft(30_000); // less than the time kept back for the report

        assertThat(report.get("cutShort").asBoolean()).isTrue();
        assertThat(report.get("runFailed").asBoolean()).isTrue();
        assertThat(report.get("summary").asText()).startsWith("cut short at the time limit: ");
        SimTopic.Message email = emails(scenario).get(0);
        assertThat(email.subject()).startsWith("Trail audit FAILED: cut short at the time limit: ");
        assertThat(email.body()).contains("The run reached its time limit before it finished");
        JsonNode line = outcome(scenario);
        assertThat(line.get("RunFailed").asInt()).isEqualTo(1);
        assertThat(line.get("RunCompleted").asInt()).isEqualTo(0);
        assertThat(line.get("cutShort").asBoolean()).isTrue();
        assertThat(declared(line)).hasSize(12);
    }

    @Test
    void aRunWithTimeToSpareIsNotCutShort() {
        JsonNode report = ScenarioFleet.fromEventsEnv().invokeWithTimeLeft(900_000);

        assertThat(report.get("cutShort").asBoolean()).isFalse();
        assertThat(report.get("summary").asText()).isEqualTo("all 3 accounts compliant");
    }

    private static JsonNode read(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            return Json.MAPPER.createObjectNode(); // the configuration error is plain text
        }
    }

    /** The fleet's clients, except that opening the members' sessions throws what nothing in the audit catches. */
    private static AuditHandler handlerWhoseMemberSessionsBreak(ScenarioFleet scenario) {
        AwsClients fleet = new FleetClients(scenario.fleet, AUDIT);
        AwsClients breaking = new AwsClients() {
            @Override
            public SsmClient ssm(String region) {
                return fleet.ssm(region);
            }

            @Override
            public S3Client s3(String region) {
                return fleet.s3(region);
            }

            @Override
            public KmsClient kms(String region) {
                return fleet.kms(region);
            }

            @Override
            public SnsClient sns(String region) {
                return fleet.sns(region);
            }

            @Override
            public software.amazon.awssdk.services.eventbridge.EventBridgeClient eventBridge(String region) {
                return fleet.eventBridge(region);
            }

            @Override
            public software.amazon.awssdk.services.sqs.SqsClient sqs(String region) {
                return fleet.sqs(region);
            }

            @Override
            public MemberSessions openMemberSessions(AuditConfig config) {
                throw new IllegalStateException("session pool exhausted");
            }

            @Override
            public void close() {
                fleet.close();
            }
        };
        return new AuditHandler(scenario.env, scenario.clock, scenario.clock::advance, env -> breaking, scenario.log::add);
    }
}
