package dev.trailauditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.CloudTrailEvents.ApiCall;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.config.Member;
import dev.trailauditor.report.Json;
import dev.trailauditor.report.Trigger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which members and policies a batch of CloudTrail calls re-checks, against the registry of events/env.json. */
class EventRecheckTest {
    private static final String MALLORY = "arn:aws:iam::222222222222:user/mallory";
    private final AuditConfig config = config(Map.of());

    /** The configuration of events/env.json, with these variables changed. */
    private static AuditConfig config(Map<String, String> changed) {
        try {
            JsonNode variables = Json.MAPPER.readTree(Path.of("events/env.json").toFile()).get("AuditFunction");
            Map<String, String> env = new HashMap<>();
            variables.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            env.putAll(changed);
            return ConfigLoader.load(env, name -> Optional.empty());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ApiCall trailCall(String name, String account, String who, String trail) {
        return new ApiCall(name, "cloudtrail.amazonaws.com", account, who, "2026-11-29T03:05:12Z", Map.of("name", trail), null);
    }

    private static CloudTrailEvents.Batch batch(ApiCall... calls) {
        return new CloudTrailEvents.Batch(List.of(calls), List.of());
    }

    private EventRecheck of(ApiCall... calls) {
        return EventRecheck.of(batch(calls), config);
    }

    @Test
    void aBurstOfCallsOnOneTrailReChecksItsAccountOnce() {
        EventRecheck recheck = EventRecheck.of(CloudTrailEvents.read(CloudTrailEventsTest.event("events/member-trail-burst.json"))
                .orElseThrow(), config);

        assertThat(recheck.members()).extracting(Member::accountId).containsExactly("222222222222");
        assertThat(recheck.trigger().events()).hasSize(5);
        assertThat(recheck.trigger().events().get(0).describe()).isEqualTo("StopLogging in 222222222222 on"
                + " arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail by " + MALLORY + " at 2026-11-29T03:05:12Z");
        assertThat(recheck.trigger().ignored()).isEmpty();
    }

    @Test
    void callsInSeveralAccountsReCheckEachInRegistryOrder() {
        EventRecheck recheck = of(trailCall("StopLogging", "444444444444", "x", "org-trail"),
                trailCall("UpdateTrail", "222222222222", MALLORY, "org-trail"),
                trailCall("StopLogging", "444444444444", "x", "org-trail"));

        assertThat(recheck.members()).extracting(Member::accountId).containsExactly("222222222222", "444444444444");
        assertThat(recheck.trigger().events()).hasSize(3);
    }

    @Test
    void anUnregisteredAccountIsLeftAloneWithTheReason() {
        EventRecheck recheck = of(trailCall("StopLogging", "999999999999", "arn:aws:iam::999999999999:root", "org-trail"));

        assertThat(recheck.nothingToCheck()).isTrue();
        assertThat(recheck.members()).isEmpty();
        assertThat(recheck.trigger().ignored()).singleElement().asString()
                .startsWith("StopLogging in 999999999999 on org-trail by arn:aws:iam::999999999999:root")
                .endsWith(": account 999999999999 is not registered");
    }

    /** A session name is no proof of who called: anyone who may assume the member role can pick the auditor's. */
    @Test
    void aCallInTheAuditorsSessionNameIsReCheckedLikeAnyOther() {
        EventRecheck recheck = of(trailCall("StopLogging", "222222222222",
                "arn:aws:sts::222222222222:assumed-role/TrailAuditorMemberRole/TrailAuditor", "org-trail"));

        assertThat(recheck.members()).extracting(Member::accountId).containsExactly("222222222222");
        assertThat(recheck.trigger().ignored()).isEmpty();
    }

    @Test
    void otherTrailsAreLeftAlone() {
        EventRecheck recheck = of(trailCall("StopLogging", "222222222222", MALLORY,
                "arn:aws:cloudtrail:eu-west-1:222222222222:trail/scratch"));

        assertThat(recheck.nothingToCheck()).isTrue();
        assertThat(recheck.trigger().ignored()).singleElement().asString().endsWith(": not the registered trail org-trail");
    }

    /** A denied call changed nothing: it is no re-check, but it is kept, with its error, for the report. */
    @Test
    void aFailedCallStartsNoReCheckAndIsKeptAsAFailedCall() {
        ApiCall denied = new ApiCall("StopLogging", "cloudtrail.amazonaws.com", "222222222222", MALLORY,
                "2026-11-29T03:05:12Z", Map.of("name", "org-trail"), "AccessDenied");
        ApiCall deniedElsewhere = new ApiCall("StopLogging", "cloudtrail.amazonaws.com", "999999999999", MALLORY,
                "2026-11-29T03:05:12Z", Map.of("name", "org-trail"), "AccessDenied");

        EventRecheck recheck = of(denied, deniedElsewhere);

        assertThat(recheck.nothingToCheck()).isTrue();
        assertThat(recheck.members()).isEmpty();
        assertThat(recheck.failed()).singleElement().satisfies(f -> {
            assertThat(f.errorCode()).isEqualTo("AccessDenied");
            assertThat(f.call().account()).isEqualTo("222222222222");
        });
        assertThat(recheck.ignored()).satisfiesExactly(
                a -> assertThat(a).endsWith(": failed with AccessDenied, so it changed nothing and starts no re-check"),
                b -> assertThat(b).endsWith(": account 999999999999 is not registered"));
    }

    @Test
    void centralBucketAndKeyCallsReCheckTheCentralPoliciesAlone() {
        String keyArn = config.keyArn().toString();
        EventRecheck recheck = of(
                new ApiCall("PutBucketPolicy", "s3.amazonaws.com", "111111111111", "admin", "t", Map.of("bucketName", "central-trail-logs"), null),
                new ApiCall("PutKeyPolicy", "kms.amazonaws.com", "111111111111", "admin", "t", Map.of("keyId", keyArn), null),
                new ApiCall("DisableKey", "kms.amazonaws.com", "111111111111", "admin", "t",
                        Map.of("keyId", config.keyArn().resourceName()), null));

        assertThat(recheck.nothingToCheck()).isFalse();
        assertThat(recheck.members()).as("the central policies are part of every run; no member is asked for").isEmpty();
        assertThat(recheck.trigger().events()).extracting(Trigger.Event::eventName)
                .containsExactly("PutBucketPolicy", "PutKeyPolicy", "DisableKey");
    }

    @Test
    void otherBucketsAndKeysAndOtherAccountsBucketsAreLeftAlone() {
        EventRecheck recheck = of(
                new ApiCall("PutBucketPolicy", "s3.amazonaws.com", "111111111111", "admin", "t", Map.of("bucketName", "website"), null),
                new ApiCall("PutBucketPolicy", "s3.amazonaws.com", "222222222222", "admin", "t",
                        Map.of("bucketName", "central-trail-logs"), null),
                new ApiCall("ScheduleKeyDeletion", "kms.amazonaws.com", "111111111111", "admin", "t", Map.of("keyId", "other"), null),
                new ApiCall("RunInstances", "ec2.amazonaws.com", "222222222222", "admin", "t", Map.of(), null));

        assertThat(recheck.nothingToCheck()).isTrue();
        assertThat(recheck.trigger().ignored()).satisfiesExactly(
                a -> assertThat(a).endsWith("not the central bucket central-trail-logs"),
                b -> assertThat(b).endsWith("not in the audit account 111111111111"),
                c -> assertThat(c).endsWith("not the central key " + config.keyArn()),
                d -> assertThat(d).endsWith("not a CloudTrail, S3, KMS or EventBridge call the auditor watches"));
    }

    @Test
    void editsOfTheAuditorsBusPolicyReCheckTheCentralPoliciesAndOtherBusesAreLeftAlone() {
        String bus = config.eventBusArn().orElseThrow().toString();
        EventRecheck recheck = of(
                new ApiCall("PutPermission", "events.amazonaws.com", "111111111111", "admin", "t",
                        Map.of("eventBusName", "trail-auditor-trail-events"), null),
                new ApiCall("RemovePermission", "events.amazonaws.com", "111111111111", "admin", "t", Map.of("eventBusName", bus), null),
                new ApiCall("PutPermission", "events.amazonaws.com", "111111111111", "admin", "t", Map.of(), null),
                new ApiCall("PutPermission", "events.amazonaws.com", "111111111111", "admin", "t", Map.of("eventBusName", "other"), null),
                new ApiCall("PutPermission", "events.amazonaws.com", "222222222222", "admin", "t",
                        Map.of("eventBusName", "trail-auditor-trail-events"), null));

        assertThat(recheck.members()).as("the bus policy is a central policy: no member is asked for").isEmpty();
        assertThat(recheck.trigger().events()).extracting(Trigger.Event::eventName).containsExactly("PutPermission", "RemovePermission");
        assertThat(recheck.trigger().ignored()).satisfiesExactly(
                a -> assertThat(a).endsWith("not the auditor's event bus " + bus),
                b -> assertThat(b).endsWith("not the auditor's event bus " + bus),
                c -> assertThat(c).endsWith("not in the audit account 111111111111"));
    }

    @Test
    void withoutAnEventBusNoBusCallIsWatched() {
        EventRecheck recheck = EventRecheck.of(batch(new ApiCall("PutPermission", "events.amazonaws.com", "111111111111",
                "admin", "t", Map.of("eventBusName", "trail-auditor-trail-events"), null)), config(Map.of("TRAIL_EVENT_BUS_ARN", "")));

        assertThat(recheck.nothingToCheck()).isTrue();
        assertThat(recheck.trigger().ignored()).singleElement().asString().endsWith("no event bus is configured (TRAIL_EVENT_BUS_ARN)");
    }
}
