package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.Fault;
import dev.trailauditor.sim.GrantingPolicies;
import dev.trailauditor.sim.SimBucket;
import dev.trailauditor.sim.SimKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Central policy repair through the real handler, against the simulated fleet. */
class CentralRepairScenarioTest {
    private static final String AUDIT = "111111111111";
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    /** A statement nobody asked the auditor about: it must survive every write. */
    private static final String FOREIGN = """
            {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",
             "Resource":["arn:aws:s3:::central-trail-logs","arn:aws:s3:::central-trail-logs/*"],
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}}""";

    /** The events/env.json fleet, where the bucket policy forgot staging and the key policy forgot sandbox. */
    private static ScenarioFleet drifted(String mode) {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("CENTRAL_POLICY_MODE", mode);
        String prod = "arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail";
        String staging = "arn:aws:cloudtrail:eu-west-1:333333333333:trail/org-trail";
        String sandbox = "arn:aws:cloudtrail:us-east-1:444444444444:trail/org-trail";
        String bucketPolicy = GrantingPolicies.bucket("central-trail-logs", "org", List.of(prod, sandbox));
        bucketPolicy = bucketPolicy.replace("\"Statement\":[", "\"Statement\":[" + FOREIGN + ",");
        bucket(scenario).policy(bucketPolicy);
        key(scenario).policy(GrantingPolicies.key(AUDIT, List.of(prod, staging)));
        return scenario;
    }

    private static SimBucket bucket(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).bucket("central-trail-logs");
    }

    private static SimKey key(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).kmsKey("eu-west-1", KEY_ID);
    }

    private static JsonNode change(JsonNode report, String policy) {
        return ScenarioFleet.find(report, "/central/changes", "policy", policy);
    }

    @Test
    void repairModePutsTheMissingGrantsBackVerifiesThemAndKeepsEverythingElse() throws Exception {
        ScenarioFleet scenario = drifted("repair");
        String bucketBefore = bucket(scenario).policy().orElseThrow();
        String keyBefore = key(scenario).policy();

        JsonNode report = scenario.invoke();

        assertThat(ScenarioFleet.findings(report)).containsExactly(
                "333333333333 bucket-policy.acl-check REPAIRED",
                "333333333333 bucket-policy.write REPAIRED",
                "444444444444 key-policy.encrypt REPAIRED");
        assertThat(report.get("summary").asText()).isEqualTo("all 3 accounts compliant, 2 repaired");
        assertThat(scenario.writes()).containsExactlyInAnyOrder("111111111111 PutBucketPolicy", "111111111111 PutKeyPolicy");
        assertThat(key(scenario).policyWrites()).singleElement()
                .satisfies(w -> assertThat(w.bypassPolicyLockoutSafetyCheck()).isFalse());

        JsonNode bucketAfter = Json.MAPPER.readTree(bucket(scenario).policy().orElseThrow());
        assertThat(bucketAfter.get("Statement").get(0)).as("the foreign Deny stays first, unchanged")
                .isEqualTo(Json.MAPPER.readTree(FOREIGN));
        JsonNode keyAfter = Json.MAPPER.readTree(key(scenario).policy());
        assertThat(keyAfter.get("Id").asText()).isEqualTo("central-key");
        assertThat(keyAfter.get("Statement").get(0)).as("the key administrator statement is untouched")
                .isEqualTo(Json.MAPPER.readTree(keyBefore).get("Statement").get(0));

        assertThat(change(report, "bucket policy").get("state").asText()).isEqualTo("WRITTEN");
        assertThat(change(report, "bucket policy").get("policyBefore").asText()).as("kept for a roll-back").isEqualTo(bucketBefore);
        assertThat(change(report, "key policy").get("policyBefore").asText()).isEqualTo(keyBefore);
        assertThat(onlyEmailBody(scenario)).contains("WRITTEN  bucket policy of central-trail-logs").contains("  + {\"Sid\":\"TrailAuditor");
    }

    @Test
    void aSecondRunWritesNothing() {
        JsonNode second = drifted("repair").secondRun();

        assertThat(second.at("/central/changes")).extracting(c -> c.get("state").asText()).containsOnly("UNCHANGED");
    }

    @Test
    void auditModeReportsTheExactPlanAndWritesNothing() {
        ScenarioFleet scenario = drifted("audit");

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).isEmpty();
        assertThat(ScenarioFleet.findings(report)).contains("333333333333 bucket-policy.write FAIL", "444444444444 key-policy.encrypt FAIL");
        JsonNode bucket = change(report, "bucket policy");
        assertThat(bucket.get("state").asText()).isEqualTo("PLANNED");
        assertThat(bucket.get("sizeAfter").asInt()).isGreaterThan(bucket.get("sizeBefore").asInt()).isLessThanOrEqualTo(20_480);
        assertThat(bucket.get("limit").asInt()).isEqualTo(20_480);
        assertThat(bucket.get("shape").asText()).isEqualTo("PER_MEMBER");
        assertThat(bucket.get("roomLeft").asInt()).isEqualTo(20_480 - bucket.get("sizeAfter").asInt());
        assertThat(bucket.get("added").toString()).contains("333333333333");
        assertThat(change(report, "key policy").get("limit").asInt()).isEqualTo(32_768);
        assertThat(onlyEmailBody(scenario)).contains("PLANNED  bucket policy of central-trail-logs");
    }

    @Test
    void aPolicyEditedBetweenPlanAndWriteIsNotClobbered() {
        ScenarioFleet scenario = drifted("repair");
        String editedByAPerson = bucket(scenario).policy().orElseThrow().replace("DenyInsecureTransport", "DenyHttp");
        AtomicInteger reads = new AtomicInteger();
        // The second read of the bucket policy is the one just before the write.
        scenario.fleet.inject(AUDIT, "GetBucketPolicy", Fault.before(() -> {
            if (reads.incrementAndGet() == 2) {
                bucket(scenario).policy(editedByAPerson);
            }
        }));

        JsonNode report = scenario.invoke();

        assertThat(change(report, "bucket policy").get("state").asText()).isEqualTo("ABORTED");
        assertThat(change(report, "bucket policy").get("reason").asText()).contains("changed after it was read");
        assertThat(bucket(scenario).policy()).contains(editedByAPerson);
        assertThat(scenario.writes()).containsExactly("111111111111 PutKeyPolicy");
        assertThat(ScenarioFleet.findings(report)).contains("333333333333 bucket-policy.write FAIL",
                "444444444444 key-policy.encrypt REPAIRED");
    }

    @Test
    void aFailedWriteIsReportedAndTheOtherWriteGoesOn() {
        ScenarioFleet scenario = drifted("repair");
        scenario.fleet.inject(AUDIT, "PutKeyPolicy", Fault.accessDenied());

        JsonNode report = scenario.invoke();

        assertThat(change(report, "key policy").get("state").asText()).isEqualTo("FAILED");
        assertThat(change(report, "key policy").get("reason").asText()).contains("not authorized");
        assertThat(change(report, "bucket policy").get("state").asText()).isEqualTo("WRITTEN");
        assertThat(ScenarioFleet.findings(report)).contains("444444444444 key-policy.encrypt FAIL",
                "333333333333 bucket-policy.write REPAIRED");
    }

    @Test
    void aBucketWithoutAnyPolicyGetsOne() {
        ScenarioFleet scenario = drifted("repair");
        bucket(scenario).noPolicy();

        JsonNode report = scenario.invoke();

        assertThat(bucket(scenario).policy()).isPresent();
        assertThat(ScenarioFleet.findings(report)).contains("222222222222 bucket-policy.write REPAIRED",
                "333333333333 bucket-policy.write REPAIRED", "444444444444 bucket-policy.write REPAIRED");
        assertThat(change(report, "bucket policy").has("policyBefore")).as("there was no policy before").isFalse();
    }

    @Test
    void aDenyThatBlocksCloudTrailIsReportedNotRemoved() {
        ScenarioFleet scenario = drifted("repair");
        String deny = """
                {"Sid":"NoWritesFromStaging","Effect":"Deny","Principal":{"Service":"cloudtrail.amazonaws.com"},
                 "Action":"s3:PutObject","Resource":"arn:aws:s3:::central-trail-logs/org/AWSLogs/333333333333/*"}""";
        bucket(scenario).policy(bucket(scenario).policy().orElseThrow().replace("\"Statement\":[", "\"Statement\":[" + deny + ","));

        JsonNode report = scenario.invoke();

        assertThat(bucket(scenario).policy().orElseThrow()).contains("NoWritesFromStaging");
        assertThat(ScenarioFleet.findings(report)).contains("333333333333 bucket-policy.write FAIL");
        assertThat(change(report, "bucket policy").get("stillUnmet").toString()).contains("333333333333");
    }

    private static String onlyEmailBody(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).snsTopic("eu-west-1", "trail-audit").messages().get(0).body();
    }

    /** A loose grant that delivers: reported as exposure, never "repaired" by adding a tight statement beside it. */
    @Test
    void aLooseForeignGrantStaysAFindingUntilSomeoneTightensIt() {
        ScenarioFleet scenario = ScenarioFleet.fromEventsEnv();
        scenario.env.put("CENTRAL_POLICY_MODE", "repair");
        String loose = """
                {"Sid":"AnyoneWithTheRightSource","Effect":"Allow","Principal":"*","Action":"s3:PutObject",
                 "Resource":"arn:aws:s3:::central-trail-logs/org/AWSLogs/*",
                 "Condition":{"StringEqualsIfExists":{"aws:SourceAccount":["222222222222","333333333333","444444444444"]}}}""";
        String policy = bucket(scenario).policy().orElseThrow().replace("\"Statement\":[", "\"Statement\":[" + loose + ",");
        bucket(scenario).policy(policy);

        JsonNode report = scenario.invoke();

        assertThat(scenario.writes()).as("delivery works: nothing to add, and nothing of a person's is changed").isEmpty();
        assertThat(report.at("/central/checks")).filteredOn(c -> c.get("check").asText().equals("bucket-policy.exposure"))
                .isNotEmpty().allSatisfy(c -> {
                    assertThat(c.get("outcome").asText()).isEqualTo("FAIL");
                    assertThat(c.get("actual").asText()).startsWith("statement 'AnyoneWithTheRightSource' (#1): ")
                            .endsWith("(members 222222222222, 333333333333, 444444444444)");
                });
        assertThat(report.at("/central/checks")).filteredOn(c -> c.get("check").asText().equals("bucket-policy.exposure"))
                .first().satisfies(c -> assertThat(c.get("severity").asText()).isEqualTo("CRITICAL"));
        assertThat(report.get("accounts")).allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("COMPLIANT"));
        assertThat(change(report, "bucket policy").get("advice")).isNotEmpty().allSatisfy(a ->
                assertThat(a.asText()).contains("grants more than CloudTrail, so the auditor never changes it"));

        scenario.env.put("TIGHTEN_FOREIGN_GRANTS", "true");
        scenario.invoke();
        assertThat(scenario.writes()).as("a statement that grants anyone is never touched, even when asked to tighten")
                .isEmpty();
    }

    @Test
    void aDenyWhoseSidLooksManagedIsKeptThroughARepair() {
        ScenarioFleet scenario = drifted("repair");
        String guard = """
                {"Sid":"TrailAuditorGuard","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject",
                 "Resource":"arn:aws:s3:::central-trail-logs/*"}""";
        bucket(scenario).policy(bucket(scenario).policy().orElseThrow().replace("\"Statement\":[", "\"Statement\":[" + guard + ","));

        scenario.invoke();

        assertThat(scenario.writes()).contains("111111111111 PutBucketPolicy");
        assertThat(bucket(scenario).policy().orElseThrow()).contains("\"Sid\":\"TrailAuditorGuard\",\"Effect\":\"Deny\"");
    }
}
