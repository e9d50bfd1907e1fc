package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.AuditHandler;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.bench.FakeAwsEndpoint;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.check.Check;
import dev.trailauditor.permissions.DeclaredRoles;
import dev.trailauditor.permissions.IamCall;
import dev.trailauditor.permissions.RecordingClients;
import dev.trailauditor.permissions.RecordingInterceptor;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.Fleet;
import dev.trailauditor.sim.FleetClients;
import dev.trailauditor.sim.GrantingPolicies;
import dev.trailauditor.sim.SimCall;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;

/**
 * Declared permissions are the real ones: every AWS call a run makes, recorded as IAM sees it (action,
 * resource, the role whose session signed it), is granted by that role as the templates declare it,
 * deployed for the run's mode. The simulated fleet covers audit and repair of every kind of drift; the
 * real SDK clients, recorded by an execution interceptor against a loopback endpoint, cover an audit.
 */
class PermissionsUsedTest {
    private static final String AUDIT = "111111111111";
    private static final String REGISTRY_PARAMETER = "/trail-auditor/members";
    private static final String OTHER_TEAM = "666666666666";
    /** The audit account's own trail, and one member per kind of trail drift. */
    private static final String REGISTRY = """
            [{"accountId":"111111111111","name":"audit"},
             {"accountId":"222222222222","name":"stopped"},
             {"accountId":"333333333333","name":"homed-elsewhere"},
             {"accountId":"444444444444","name":"no-trail","createTrail":true},
             {"accountId":"555555555555","name":"read-only-events","homeRegion":"us-east-1"}]""";

    @AfterEach
    void clearSettings() {
        List.of("aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey").forEach(System::clearProperty);
    }

    /**
     * Trails and central policies drifted in every way a run repairs, the registry read from SSM.
     * The audit account's trail is stopped, delivers elsewhere and records only reads; the key policy lacks the missing trail,
     * the bucket policy the trail homed elsewhere and the event bus's policy the member that records only reads.
     */
    private static ScenarioFleet drifted(String mode) {
        ScenarioFleet scenario = ScenarioFleet.withRegistry(REGISTRY);
        scenario.trail(AUDIT).stopLogging().bucket("someone-elses-bucket").managementEvents(ReadWriteType.READ_ONLY);
        scenario.trail("222222222222").stopLogging();
        scenario.fleet.account("333333333333").deleteTrail("org-trail", "eu-west-1");
        scenario.fleet.account("333333333333").trail("org-trail", "us-east-2")
                .healthy(scenario.config.centralBucket(), scenario.config.logPrefix().apiValue(), scenario.config.keyArn().toString())
                .prefix("elsewhere");
        scenario.fleet.account("444444444444").deleteTrail("org-trail", "eu-west-1");
        scenario.trail("555555555555").managementEvents(ReadWriteType.READ_ONLY);
        List<String> trails = scenario.config.members().stream().map(m -> m.trailArn().toString()).toList();
        scenario.fleet.account(AUDIT).bucket(scenario.config.centralBucket()).policy(GrantingPolicies.bucket(
                scenario.config.centralBucket(), scenario.config.logPrefix().apiValue(), without(trails, "333333333333")));
        // A hand-written grant that lets any trail write, replaced by tightening, which first lists whose trails deliver
        // through it: another team's does, and may be cut off.
        String bucketPolicy = scenario.fleet.account(AUDIT).bucket(scenario.config.centralBucket()).policy().orElseThrow();
        scenario.fleet.account(AUDIT).bucket(scenario.config.centralBucket()).policy(bucketPolicy.replace("\"Statement\":[",
                "\"Statement\":[{\"Sid\":\"AnyTrail\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},"
                        + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::central-trail-logs/org/AWSLogs/*\"},"));
        scenario.fleet.account(OTHER_TEAM).trail("team-trail", "eu-west-1")
                .healthy(scenario.config.centralBucket(), scenario.config.logPrefix().apiValue(), scenario.config.keyArn().toString());
        scenario.env.put(ConfigLoader.TIGHTEN_FOREIGN_GRANTS, "true");
        scenario.env.put(ConfigLoader.TIGHTEN_ALLOWED_ACCOUNTS, OTHER_TEAM);
        scenario.fleet.account(AUDIT).kmsKey(scenario.config.centralRegion(), dev.trailauditor.sim.HealthyFleet.keyId(scenario.config))
                .policy(GrantingPolicies.key(AUDIT, without(trails, "444444444444")));
        scenario.fleet.account(AUDIT).eventBus("eu-west-1", "trail-auditor-trail-events").policy(GrantingPolicies.bus(
                scenario.env.get("TRAIL_EVENT_BUS_ARN"), List.of("222222222222", "333333333333", "444444444444")));

        // More denied calls wait than a run reads: it reads, deletes and asks how many are left.
        for (int i = 0; i <= dev.trailauditor.FailedCallsInbox.MOST; i++) {
            scenario.failedCall("events/member-stop-logging-denied.json");
        }
        scenario.fleet.account(AUDIT).ssmParameter("eu-west-1", REGISTRY_PARAMETER, REGISTRY);
        scenario.env.put(ConfigLoader.MEMBER_REGISTRY, "");
        scenario.env.put(ConfigLoader.MEMBER_REGISTRY_PARAMETER, REGISTRY_PARAMETER);
        scenario.env.put("CENTRAL_POLICY_MODE", mode);
        scenario.env.put("TRAIL_MODE", mode);
        return scenario.withHistory("trail-auditor");
    }

    private static List<String> without(List<String> trails, String account) {
        return trails.stream().filter(t -> !t.contains(":" + account + ":")).toList();
    }

    /** Runs the real handler on the fleet and returns its calls as IAM sees them, having checked none escaped the record. */
    private static List<IamCall> run(ScenarioFleet scenario) {
        RecordingClients clients = new RecordingClients(new FleetClients(scenario.fleet, AUDIT), AUDIT, scenario.fleet::bucketOwner);
        new AuditHandler(scenario.env, scenario.clock, scenario.clock::advance, env -> clients, scenario.log::add)
                .handleRequest(ScenarioFleet.scheduledEvent(), null);

        List<IamCall> calls = new ArrayList<>(clients.calls());
        List<SimCall> seen = scenario.fleet.calls();
        assertThat(calls).extracting(c -> c.account() + " " + c.operation())
                .as("the record holds every call the fleet answered (AssumeRole aside)")
                .containsExactlyInAnyOrderElementsOf(seen.stream().filter(c -> !c.operation().equals("AssumeRole"))
                        .map(c -> c.accountId() + " " + c.operation()).toList());
        List<Fleet.AssumedRole> assumed = scenario.fleet.assumedRoles();
        assertThat(assumed).hasSize((int) seen.stream().filter(c -> c.operation().equals("AssumeRole")).count());
        for (Fleet.AssumedRole role : assumed) {
            assertThat(role.callerArn()).as("members are reached from the function's own role").contains("::" + AUDIT + ":");
            calls.add(new IamCall(IamCall.Role.FUNCTION, AUDIT, "AssumeRole", "sts:AssumeRole", role.roleArn()));
        }
        return calls;
    }

    /**
     * The IAM actions the controls declare (reads; with repairs, also the writes of their fixes) and the run's own
     * calls, which belong to no control: reading the registry, reaching the members, keeping the run's history and
     * sending the report.
     */
    private static java.util.Set<String> declaredByControls(boolean repair) {
        java.util.Set<String> declared = new java.util.TreeSet<>(dev.trailauditor.Auditor.RUN_PERMISSIONS);
        for (Check check : Check.values()) {
            declared.addAll(check.permissions());
            if (repair) {
                declared.addAll(check.fixPermissions());
            }
        }
        return declared;
    }

    @Test
    void anAuditOfEveryKindOfDriftCallsOnlyWhatTheReadOnlyRolesGrant() {
        ScenarioFleet scenario = drifted("audit");

        List<IamCall> calls = run(scenario);

        assertThat(DeclaredRoles.of(scenario.env, scenario.config).ungranted(calls)).isEmpty();
        assertThat(calls).extracting(IamCall::action).as("what the controls declare they read, and the run's own calls")
                .isSubsetOf(declaredByControls(false));
        assertThat(calls).extracting(IamCall::action).as("it really looked everywhere")
                .contains("ssm:GetParameter", "s3:GetBucketPolicy", "kms:GetKeyPolicy", "kms:DescribeKey", "sts:AssumeRole",
                        "cloudtrail:GetTrail", "cloudtrail:ListTrails", "cloudtrail:GetTrailStatus",
                        "cloudtrail:GetEventSelectors", "sns:Publish", "s3:GetObject", "s3:PutObject", "events:DescribeEventBus");
        String history = "arn:aws:s3:::" + ScenarioFleet.HISTORY_BUCKET + "/trail-auditor/";
        assertThat(calls).filteredOn(c -> c.action().equals("s3:PutObject"))
                .extracting(IamCall::resource).as("the history is written under its prefix only")
                .isNotEmpty().allMatch(r -> r.startsWith(history));
        assertThat(calls).filteredOn(c -> c.action().equals("s3:GetObject"))
                .extracting(IamCall::resource).as("objects read: the history under its prefix, and the members' delivered logs")
                .allMatch(r -> r.startsWith(history) || r.startsWith("arn:aws:s3:::central-trail-logs/org/AWSLogs/"))
                .anyMatch(r -> r.startsWith(history)).anyMatch(r -> r.contains("/AWSLogs/"));
        assertThat(scenario.fleet.mutatingCalls()).as("audit mode writes nothing (keeping its report aside)").isEmpty();
    }

    @Test
    void aRepairOfEveryKindOfDriftCallsOnlyWhatTheRepairingRolesGrant() {
        ScenarioFleet scenario = drifted("repair");

        List<IamCall> calls = run(scenario);

        DeclaredRoles roles = DeclaredRoles.of(scenario.env, scenario.config);
        assertThat(roles.ungranted(calls)).isEmpty();
        assertThat(calls).extracting(IamCall::action).as("what the controls declare they read and fix with, and the run's own calls")
                .isSubsetOf(declaredByControls(true));
        assertThat(calls).filteredOn(c -> c.role() == IamCall.Role.MEMBER).extracting(IamCall::action)
                .as("every trail repair, in members")
                .contains("cloudtrail:CreateTrail", "cloudtrail:UpdateTrail", "cloudtrail:StartLogging", "cloudtrail:PutEventSelectors");
        assertThat(calls).filteredOn(c -> c.action().equals("s3:ListBucket")).extracting(c -> c.context().get("s3:prefix"))
                .as("before tightening, the account folders and another team's are listed too")
                .contains("org/AWSLogs/", "org/AWSLogs/" + OTHER_TEAM + "/CloudTrail/");
        assertThat(calls).filteredOn(c -> c.role() == IamCall.Role.FUNCTION).extracting(IamCall::action)
                .as("and central repairs and the audit account's own trail with the function's role")
                .contains("s3:PutBucketPolicy", "kms:PutKeyPolicy", "events:PutPermission", "cloudtrail:UpdateTrail", "cloudtrail:StartLogging",
                        "cloudtrail:PutEventSelectors");
        // The event stream is read by Lambda's event source mapping with the function's role, not by the function's code.
        List<String> allowedUnused = new ArrayList<>(List.of("FUNCTION FindOwnTrailHome cloudtrail:ListTrails",
                "FUNCTION RepairOwnTrail cloudtrail:CreateTrail"));
        List.of("DescribeStream", "DescribeStreamSummary", "GetRecords", "GetShardIterator", "ListShards")
                .forEach(action -> allowedUnused.add("FUNCTION ReadTrailEventStream kinesis:" + action));
        // The report topic's key is used by SNS with the publisher's permissions, not called by the function's code.
        List.of("Decrypt", "GenerateDataKey").forEach(action -> allowedUnused.add("FUNCTION EncryptReport kms:" + action));
        // So does its sending of a failed batch to the dead-letter queue.
        allowedUnused.add("FUNCTION SendFailedBatchToDeadLetterQueue sqs:SendMessage");
        assertThat(roles.unused(calls)).as("no grant goes unused but the audit account's own trail found homed"
                        + " elsewhere or created, drift this fleet does not have, the event stream's reads and the topic key's use")
                .isSubsetOf(allowedUnused);
    }

    /**
     * The repair run above writes the key policy and keeps its history within the role's conditions; the same calls
     * bypassing KMS's lockout check, or on a history bucket of another account (or one whose owner is unknown), are
     * not granted.
     */
    @Test
    void theFunctionRoleWritesAKeyPolicyOnlyWithTheLockoutCheckAndKeepsItsHistoryOnlyInItsOwnAccount() {
        ScenarioFleet scenario = drifted("repair");
        DeclaredRoles roles = DeclaredRoles.of(scenario.env, scenario.config);
        String key = scenario.config.keyArn().toString();
        String report = "arn:aws:s3:::" + ScenarioFleet.HISTORY_BUCKET + "/trail-auditor/latest.json";

        assertThat(roles.ungranted(List.of(
                new IamCall(IamCall.Role.FUNCTION, AUDIT, "PutKeyPolicy", "kms:PutKeyPolicy", key, Map.of("kms:BypassPolicyLockoutSafetyCheck", "false")),
                new IamCall(IamCall.Role.FUNCTION, AUDIT, "PutObject", "s3:PutObject", report, Map.of("s3:ResourceAccount", AUDIT))))).isEmpty();
        assertThat(roles.ungranted(List.of(
                new IamCall(IamCall.Role.FUNCTION, AUDIT, "PutKeyPolicy", "kms:PutKeyPolicy", key, Map.of("kms:BypassPolicyLockoutSafetyCheck", "true")),
                new IamCall(IamCall.Role.FUNCTION, AUDIT, "PutObject", "s3:PutObject", report, Map.of("s3:ResourceAccount", "999999999999")),
                new IamCall(IamCall.Role.FUNCTION, AUDIT, "GetObject", "s3:GetObject", report, Map.of("s3:ResourceAccount", "999999999999")),
                new IamCall(IamCall.Role.FUNCTION, AUDIT, "PutObject", "s3:PutObject", report, Map.of()))))
                .hasSize(4).allSatisfy(problem -> assertThat(problem).contains("and only under"))
                .anySatisfy(problem -> assertThat(problem).contains("kms:BypassPolicyLockoutSafetyCheck"))
                .anySatisfy(problem -> assertThat(problem).contains("s3:ResourceAccount"));
    }

    @Test
    void theRealClientsOfAnAuditCallOnlyWhatTheFunctionAndMemberRolesGrant() throws Exception {
        String region = "eu-west-1";
        String key = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        List<String> members = List.of("200000000000", "200000000001");
        List<String> trails = members.stream().map(m -> "arn:aws:cloudtrail:" + region + ":" + m + ":trail/org-trail").toList();
        FakeAwsEndpoint.Fleet fleet = new FakeAwsEndpoint.Fleet(AUDIT, region, "central-trail-logs", key, "org-trail",
                GrantingPolicies.bucket("central-trail-logs", "org", trails), GrantingPolicies.key(AUDIT, trails),
                GrantingPolicies.bus(ScenarioFleet.eventsEnv().get("TRAIL_EVENT_BUS_ARN"), members));
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(fleet, Duration.ZERO, 4);
             RecordingInterceptor.Recording recording = RecordingInterceptor.start()) {
            System.setProperty("aws.endpointUrl", endpoint.endpoint());
            System.setProperty("aws.accessKeyId", "AKIDFUNCTIONROLE");
            System.setProperty("aws.secretAccessKey", "not-a-secret");
            Map<String, String> env = new HashMap<>(ScenarioFleet.eventsEnv());
            env.put("AWS_ENDPOINT_URL", endpoint.endpoint());
            env.put("MEMBER_REGISTRY", "[{\"accountId\":\"200000000000\"},{\"accountId\":\"200000000001\"}]");

            JsonNode report = Json.MAPPER.valueToTree(new AuditHandler(env, Clock.systemUTC(), d -> { }, SdkClients::new, line -> { })
                    .handleRequest(ScenarioFleet.scheduledEvent(), null));
            List<IamCall> calls = recording.calls("AKIDFUNCTIONROLE", AUDIT);

            assertThat(report.get("summary").asText()).isEqualTo("all 2 accounts compliant");
            assertThat(DeclaredRoles.of(env, ConfigLoader.load(env, name -> Optional.empty())).ungranted(calls)).isEmpty();
            assertThat(calls).extracting(c -> c.role() + " " + c.action()).as("each call signed by the role it needs")
                    .contains("FUNCTION sts:AssumeRole", "FUNCTION s3:GetBucketPolicy", "FUNCTION kms:GetKeyPolicy",
                            "FUNCTION kms:DescribeKey", "FUNCTION sns:Publish", "MEMBER cloudtrail:GetTrail",
                            "MEMBER cloudtrail:GetTrailStatus", "MEMBER cloudtrail:GetEventSelectors")
                    .doesNotContain("FUNCTION cloudtrail:GetTrail");
        }
    }
}
