package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.sim.Fault;
import dev.trailauditor.sim.GrantingPolicies;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/** Member trail repair through the real handler, against the simulated fleet. */
class TrailRepairScenarioTest {
    private static final String REGISTRY = """
            [{"accountId":"222222222222","name":"stopped"},
             {"accountId":"333333333333","name":"elsewhere"},
             {"accountId":"444444444444","name":"no-trail","createTrail":true},
             {"accountId":"555555555555","name":"prefix-validation-global-events"},
             {"accountId":"666666666666","name":"key-and-single-region","homeRegion":"us-east-1"},
             {"accountId":"777777777777","name":"read-only-events"},
             {"accountId":"888888888888","name":"data-events"}]""";
    private static final AdvancedEventSelector S3_DATA_EVENTS = AdvancedEventSelector.builder().name("S3 writes")
            .fieldSelectors(
                    AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Data").build(),
                    AdvancedFieldSelector.builder().field("resources.type").equalsValue("AWS::S3::Object").build())
            .build();

    /** One trail per kind of drift, central policies right. */
    private static ScenarioFleet drifted(String trailMode) {
        ScenarioFleet scenario = ScenarioFleet.withRegistry(REGISTRY);
        scenario.env.put("TRAIL_MODE", trailMode);
        scenario.fleet.enforceCloudTrailWriteRate();
        scenario.trail("222222222222").stopLogging();
        scenario.trail("333333333333").bucket("someone-elses-bucket");
        scenario.fleet.account("444444444444").deleteTrail("org-trail", "eu-west-1");
        scenario.trail("555555555555").prefix("org/old").logValidation(false).globalEvents(false);
        scenario.trail("666666666666").kmsKey(null).multiRegion(false);
        scenario.trail("777777777777").managementEvents(ReadWriteType.READ_ONLY);
        scenario.trail("888888888888").advancedEventSelectors(S3_DATA_EVENTS);
        return scenario;
    }

    private static final List<String> DRIFT = List.of(
            "222222222222 trail.logging",
            "333333333333 trail.bucket",
            "444444444444 trail.exists",
            "555555555555 trail.global-events",
            "555555555555 trail.log-validation",
            "555555555555 trail.prefix",
            "666666666666 trail.kms-key",
            "666666666666 trail.multi-region",
            "777777777777 trail.management-events",
            "888888888888 trail.management-events");

    private static List<String> with(String outcome) {
        return DRIFT.stream().map(d -> d + " " + outcome).toList();
    }

    @Test
    void repairModeBringsEveryTrailBackAndVerifiesIt() {
        ScenarioFleet scenario = drifted("repair");

        JsonNode report = scenario.invoke();

        // The trail created a moment ago has delivered nothing yet: no repair makes files arrive (an hour later they
        // have, see aSecondRunChangesNothing).
        List<String> findings = new java.util.ArrayList<>(with("REPAIRED"));
        findings.add("444444444444 delivery.arrived FAIL");
        assertThat(ScenarioFleet.findings(report)).containsExactlyInAnyOrderElementsOf(findings);
        assertThat(ScenarioFleet.find(ScenarioFleet.account(report, "444444444444"), "/checks", "check", "delivery.arrived")
                .get("actual").asText()).startsWith("no log file in org/AWSLogs/444444444444/CloudTrail/eu-west-1/");
        assertThat(scenario.writes()).containsExactlyInAnyOrder(
                "222222222222 StartLogging",
                "333333333333 UpdateTrail",
                "444444444444 CreateTrail", "444444444444 StartLogging",
                "555555555555 UpdateTrail",
                "666666666666 UpdateTrail",
                "777777777777 PutEventSelectors",
                "888888888888 PutEventSelectors");
        Trail created = scenario.trail("444444444444").snapshot();
        assertThat(created.s3BucketName()).isEqualTo("central-trail-logs");
        assertThat(created.isMultiRegionTrail()).isTrue();
        assertThat(scenario.trail("444444444444").isLogging()).isTrue();
        Trail rehomed = scenario.trail("666666666666").snapshot();
        assertThat(rehomed.kmsKeyId()).isEqualTo(scenario.config.keyArn().toString());
        assertThat(rehomed.homeRegion()).as("repaired in its own home region").isEqualTo("us-east-1");
        assertThat(scenario.fleet.calls()).filteredOn(c -> c.accountId().equals("666666666666") && c.mutating())
                .extracting(c -> c.region()).containsOnly("us-east-1");
    }

    @Test
    void dataEventSelectorsSurviveTheManagementEventRepair() {
        ScenarioFleet scenario = drifted("repair");

        scenario.invoke();

        var selectors = scenario.fleet.cloudTrail("888888888888", "eu-west-1")
                .getEventSelectors(r -> r.trailName("org-trail")).advancedEventSelectors();
        assertThat(selectors).contains(S3_DATA_EVENTS);
        assertThat(selectors).anySatisfy(s -> assertThat(s.fieldSelectors()).singleElement()
                .satisfies(f -> assertThat(f.equalsValue()).containsExactly("Management")));
    }

    @Test
    void aSecondRunChangesNothing() {
        JsonNode second = drifted("repair").secondRun();

        assertThat(second.get("accounts")).allSatisfy(a -> assertThat(a.has("repairs") && a.get("repairs").size() > 0).isFalse());
    }

    @Test
    void auditModePrintsTheExactPlanAndWritesNothing() {
        ScenarioFleet scenario = drifted("audit");

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).isEmpty();
        assertThat(ScenarioFleet.findings(report)).containsExactlyInAnyOrderElementsOf(with("FAIL"));
        String email = scenario.fleet.account("111111111111").snsTopic("eu-west-1", "trail-audit").messages().get(0).body();
        assertThat(email)
                .contains("PLANNED     UpdateTrail S3BucketName someone-elses-bucket -> central-trail-logs")
                .contains("PLANNED     UpdateTrail S3KeyPrefix org/old -> org; IncludeGlobalServiceEvents false -> true; "
                        + "LogFileValidationEnabled false -> true")
                .contains("PLANNED     StartLogging IsLogging false -> true")
                .contains("PLANNED     CreateTrail Name (none) -> org-trail")
                .contains("PLANNED     PutEventSelectors ManagementEvents read-only management events -> read and write management events, none excluded");
    }

    @Test
    void aMissingTrailIsCreatedOnlyWhenAskedFor() {
        ScenarioFleet scenario = ScenarioFleet.withRegistry("[{\"accountId\":\"444444444444\",\"name\":\"no-trail\"}]");
        scenario.env.put("TRAIL_MODE", "repair");
        scenario.fleet.account("444444444444").deleteTrail("org-trail", "eu-west-1");

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).isEmpty();
        assertThat(report.at("/accounts/0/note").asText()).contains("creating missing trails is off");
    }

    @Test
    void aReadOnlyMemberRoleIsAFindingNotAnErrorOfTheRun() {
        ScenarioFleet scenario = drifted("repair");
        scenario.fleet.inject("555555555555", "UpdateTrail", Fault.accessDenied());

        JsonNode report = scenario.invoke();

        assertThat(report.get("runFailed").asBoolean()).isFalse();
        assertThat(ScenarioFleet.findings(report)).contains("555555555555 trail.prefix FAIL", "222222222222 trail.logging REPAIRED");
        JsonNode step = ScenarioFleet.account(report, "555555555555").get("repairs").get(0);
        assertThat(step.get("state").asText()).isEqualTo("FAILED");
        assertThat(step.get("error").asText()).startsWith("member role is read-only: AccessDenied on cloudtrail:UpdateTrail");
    }

    @Test
    void noRepairStartsAfterTheRunsDeadline() {
        ScenarioFleet scenario = drifted("repair");

        // Half a second left after the time kept for the report; a second write to one trail waits a (simulated) second.
        JsonNode report = scenario.invokeWithBudget(Duration.ofMillis(500));

        JsonNode created = ScenarioFleet.account(report, "444444444444").get("repairs");
        assertThat(created.get(0).get("state").asText()).isEqualTo("DONE");
        assertThat(created.get(1).get("state").asText()).as("the second write would wait past the deadline")
                .isEqualTo("SKIPPED");
        assertThat(created.get(1).get("error").asText()).isEqualTo("not attempted: the run's time budget ran out");
    }

    @Test
    void throttledWritesAreRetriedWithBackoff() {
        ScenarioFleet scenario = drifted("repair");
        scenario.fleet.inject("333333333333", "UpdateTrail", Fault.throttling(2));

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).contains("333333333333 trail.bucket REPAIRED");
        assertThat(scenario.fleet.calls()).filteredOn(c -> c.accountId().equals("333333333333") && c.operation().equals("UpdateTrail"))
                .hasSize(3);
    }

    @Test
    void anUpdateRefusedBecauseTheCentralPolicyIsStillWrongSaysWhichRequirement() {
        ScenarioFleet scenario = drifted("repair");
        scenario.env.put("CENTRAL_POLICY_MODE", "audit");
        List<String> allButElsewhere = scenario.config.members().stream()
                .filter(m -> !m.accountId().equals("333333333333")).map(m -> m.trailArn().toString()).toList();
        scenario.fleet.account("111111111111").bucket("central-trail-logs")
                .policy(GrantingPolicies.bucket("central-trail-logs", "org", allButElsewhere));

        JsonNode report = scenario.invoke();

        JsonNode step = ScenarioFleet.account(report, "333333333333").get("repairs").get(0);
        assertThat(step.get("state").asText()).isEqualTo("FAILED");
        assertThat(step.get("error").asText()).startsWith("CloudTrail refused the central bucket policy: ")
                .contains("bucket-policy.write is not met").contains("InsufficientS3BucketPolicyException");
        assertThat(ScenarioFleet.findings(report)).contains("333333333333 trail.bucket FAIL");
    }

}
