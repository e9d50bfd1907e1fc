package dev.trailauditor.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.config.Repairs;
import dev.trailauditor.observe.Arrivals;
import dev.trailauditor.observe.MemberSnapshot;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.LogPrefix;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/** Trail controls on snapshots built with the SDK's own model builders. */
class TrailControlsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T03:00:00Z");
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/k-1";
    private static final Member MEMBER = Member.of("aws", "222222222222", Optional.of("prod"), "org-trail", "eu-west-1", "R", false);
    private static final AuditConfig CONFIG = new AuditConfig("central-logs", LogPrefix.of("org"), Arn.of(KEY), "111111111111", "org-trail",
            "eu-west-1", "R", Optional.empty(), Optional.empty(), Duration.ofHours(24), 4, List.of(MEMBER), Repairs.REPORT_ONLY);

    private final TrailControls checks = new TrailControls(CONFIG.desiredTrail());

    private static Trail.Builder healthyTrail() {
        return Trail.builder().name("org-trail").trailARN(MEMBER.trailArn().toString()).homeRegion("eu-west-1")
                .s3BucketName("central-logs").s3KeyPrefix("org").kmsKeyId(KEY).isMultiRegionTrail(true)
                .includeGlobalServiceEvents(true).logFileValidationEnabled(true);
    }

    private static GetTrailStatusResponse.Builder healthyStatus() {
        return GetTrailStatusResponse.builder().isLogging(true).latestDeliveryTime(NOW.minusSeconds(600));
    }

    private static GetEventSelectorsResponse allManagement() {
        return GetEventSelectorsResponse.builder().eventSelectors(EventSelector.builder()
                .includeManagementEvents(true).readWriteType(ReadWriteType.ALL).build()).build();
    }

    private Map<Check, CheckResult> evaluate(UnaryOperator<Trail.Builder> trail, UnaryOperator<GetTrailStatusResponse.Builder> status,
                                             GetEventSelectorsResponse selectors) {
        var snapshot = new MemberSnapshot.Found(MEMBER, trail.apply(healthyTrail()).build(),
                status.apply(healthyStatus()).build(), selectors, Arrivals.fresh(NOW, KEY));
        return checks.evaluate(snapshot, NOW).results().stream().collect(Collectors.toMap(CheckResult::check, r -> r));
    }

    private static List<Check> failed(Map<Check, CheckResult> results) {
        return results.values().stream().filter(r -> r.outcome() == Outcome.FAIL).map(CheckResult::check).sorted().toList();
    }

    @Test
    void healthyTrailPassesEveryMemberCheck() {
        Map<Check, CheckResult> results = evaluate(t -> t, s -> s, allManagement());

        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(Check.values()).filter(c -> c.scope() == Check.Scope.MEMBER).toList());
        assertThat(failed(results)).isEmpty();
    }

    @Test
    void eachDriftFailsExactlyItsCheckWithExpectedAndActual() {
        assertThat(failed(evaluate(t -> t.s3BucketName("other-bucket"), s -> s, allManagement())))
                .containsExactly(Check.TRAIL_BUCKET);
        assertThat(failed(evaluate(t -> t.s3KeyPrefix(null), s -> s, allManagement()))).containsExactly(Check.TRAIL_PREFIX);
        assertThat(failed(evaluate(t -> t.kmsKeyId(null), s -> s, allManagement()))).containsExactly(Check.TRAIL_KMS_KEY);
        assertThat(failed(evaluate(t -> t.isMultiRegionTrail(false), s -> s, allManagement())))
                .containsExactly(Check.TRAIL_MULTI_REGION);
        assertThat(failed(evaluate(t -> t.includeGlobalServiceEvents(false), s -> s, allManagement())))
                .containsExactly(Check.TRAIL_GLOBAL_EVENTS);
        assertThat(failed(evaluate(t -> t.logFileValidationEnabled(false), s -> s, allManagement())))
                .containsExactly(Check.TRAIL_LOG_VALIDATION);

        CheckResult prefix = evaluate(t -> t.s3KeyPrefix(null), s -> s, allManagement()).get(Check.TRAIL_PREFIX);
        assertThat(prefix.expected()).isEqualTo("org");
        assertThat(prefix.actual()).isEqualTo("(none)");
    }

    @Test
    void stoppedTrailAndStaleOrFailingDelivery() {
        Instant stopped = NOW.minus(Duration.ofHours(30)).minusNanos(392_772_642);
        Map<Check, CheckResult> results = evaluate(t -> t,
                s -> s.isLogging(false).stopLoggingTime(stopped).latestDeliveryTime(stopped), allManagement());
        assertThat(failed(results)).containsExactly(Check.TRAIL_LOGGING, Check.TRAIL_DELIVERY);
        String toTheSecond = stopped.truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(toTheSecond).doesNotContain(".");
        assertThat(results.get(Check.TRAIL_LOGGING).actual()).isEqualTo("stopped since " + toTheSecond);
        assertThat(results.get(Check.TRAIL_DELIVERY).actual()).isEqualTo("last delivery " + toTheSecond + " (30 h ago)");

        assertThat(evaluate(t -> t, s -> s.latestDeliveryError("AccessDenied"), allManagement()).get(Check.TRAIL_DELIVERY).actual())
                .isEqualTo("delivery error: AccessDenied");
        assertThat(evaluate(t -> t, s -> s.latestDigestDeliveryError("NoSuchBucket"), allManagement()).get(Check.TRAIL_DELIVERY).outcome())
                .isEqualTo(Outcome.FAIL);
        assertThat(evaluate(t -> t, s -> s.latestDeliveryTime(null), allManagement()).get(Check.TRAIL_DELIVERY).actual())
                .isEqualTo("no log file delivered yet");
    }

    @Test
    void aTrailThatSaysItDeliversButWhoseFilesDoNotArriveFailsOnlyDeliveryArrived() {
        var snapshot = new MemberSnapshot.Found(MEMBER, healthyTrail().build(), healthyStatus().build(), allManagement(),
                dev.trailauditor.observe.Observation.of(new dev.trailauditor.observe.LogArrival(
                        new dev.trailauditor.observe.LogArrival.Newest("org/AWSLogs/222222222222/CloudTrail/eu-west-1/", Optional.empty()),
                        Optional.empty(), Optional.empty())));
        Map<Check, CheckResult> results = checks.evaluate(snapshot, NOW).results().stream()
                .collect(Collectors.toMap(CheckResult::check, r -> r));

        assertThat(results.get(Check.TRAIL_DELIVERY).outcome()).isEqualTo(Outcome.PASS);
        assertThat(failed(results)).containsExactly(Check.DELIVERY_ARRIVED);
        assertThat(results.get(Check.DELIVERY_ARRIVED).check().severity()).isEqualTo(Severity.HIGH);
        assertThat(checks.evaluate(snapshot, NOW).fixes()).as("reported, never repaired").isEmpty();
    }

    @Test
    void aTrailThatJustStartedLoggingIsNotYetLate() {
        Instant started = NOW.minus(Duration.ofMinutes(3));
        CheckResult fresh = evaluate(t -> t, s -> s.latestDeliveryTime(null).startLoggingTime(started), allManagement())
                .get(Check.TRAIL_DELIVERY);
        assertThat(fresh.outcome()).isEqualTo(Outcome.PASS);
        assertThat(fresh.actual()).isEqualTo("logging since " + started + " (3 min ago), first delivery pending");

        CheckResult restarted = evaluate(t -> t, s -> s.latestDeliveryTime(NOW.minus(Duration.ofDays(3))).startLoggingTime(started),
                allManagement()).get(Check.TRAIL_DELIVERY);
        assertThat(restarted.outcome()).as("restarted after days of silence").isEqualTo(Outcome.PASS);

        CheckResult longAgo = evaluate(t -> t, s -> s.latestDeliveryTime(null).startLoggingTime(NOW.minus(Duration.ofDays(2))),
                allManagement()).get(Check.TRAIL_DELIVERY);
        assertThat(longAgo.outcome()).as("logging for two days and never delivered").isEqualTo(Outcome.FAIL);
    }

    @Test
    void managementEventsFromBasicSelectors() {
        assertThat(describe(GetEventSelectorsResponse.builder().eventSelectors(
                EventSelector.builder().readWriteType(ReadWriteType.READ_ONLY).build()).build()))
                .isEqualTo("read-only management events");
        assertThat(describe(GetEventSelectorsResponse.builder().eventSelectors(
                EventSelector.builder().readWriteType(ReadWriteType.READ_ONLY).build(),
                EventSelector.builder().readWriteType(ReadWriteType.WRITE_ONLY).build()).build()))
                .as("read-only plus write-only selectors cover everything").isEqualTo(ManagementEvents.EXPECTED);
        assertThat(describe(GetEventSelectorsResponse.builder().eventSelectors(
                EventSelector.builder().includeManagementEvents(false).build()).build()))
                .isEqualTo("no management events");
        assertThat(describe(GetEventSelectorsResponse.builder().eventSelectors(
                EventSelector.builder().excludeManagementEventSources("kms.amazonaws.com").build()).build()))
                .isEqualTo("read and write management events, excluding kms.amazonaws.com");
    }

    @Test
    void managementEventsFromAdvancedSelectors() {
        AdvancedFieldSelector management = AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build();
        assertThat(describe(advanced(management))).isEqualTo(ManagementEvents.EXPECTED);
        assertThat(describe(advanced(management, AdvancedFieldSelector.builder().field("readOnly").equalsValue("false").build())))
                .isEqualTo("write-only management events");
        assertThat(describe(advanced(management, AdvancedFieldSelector.builder().field("eventSource")
                .notEquals("rdsdata.amazonaws.com").build())))
                .isEqualTo("read and write management events, excluding rdsdata.amazonaws.com");
        assertThat(describe(advanced(AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Data").build())))
                .isEqualTo("no management events");
    }

    private static GetEventSelectorsResponse advanced(AdvancedFieldSelector... fields) {
        return GetEventSelectorsResponse.builder()
                .advancedEventSelectors(AdvancedEventSelector.builder().name("s").fieldSelectors(fields).build()).build();
    }

    private String describe(GetEventSelectorsResponse selectors) {
        return evaluate(t -> t, s -> s, selectors).get(Check.TRAIL_MANAGEMENT_EVENTS).actual();
    }

    @Test
    void missingTrailReportsOnlyExistsAndUnreachableReportsEveryCheck() {
        assertThat(checks.evaluate(new MemberSnapshot.Missing(MEMBER, "no trail named 'org-trail' in eu-west-1", true), NOW).results())
                .singleElement().satisfies(r -> {
                    assertThat(r.check()).isEqualTo(Check.TRAIL_EXISTS);
                    assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
                    assertThat(r.actual()).isEqualTo("no trail named 'org-trail' in eu-west-1");
                });

        List<CheckResult> unreachable = checks.evaluate(new MemberSnapshot.Unreachable(MEMBER, "cannot assume"), NOW).results();
        assertThat(unreachable).hasSize(12).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.UNREACHABLE);
            assertThat(r.actual()).isEqualTo("cannot assume");
        });
    }

    private List<Fix> fixes(UnaryOperator<Trail.Builder> trail, UnaryOperator<GetTrailStatusResponse.Builder> status,
                            GetEventSelectorsResponse selectors) {
        var snapshot = new MemberSnapshot.Found(MEMBER, trail.apply(healthyTrail()).build(),
                status.apply(healthyStatus()).build(), selectors, Arrivals.fresh(NOW, KEY));
        return checks.evaluate(snapshot, NOW).fixes();
    }

    /** Drift is decided once: a fix comes from a control that failed, and every failed control that can be fixed has one. */
    @Test
    void aControlProposesItsFixExactlyWhenItFails() {
        List<UnaryOperator<Trail.Builder>> drifts = List.of(t -> t, t -> t.s3BucketName("other"), t -> t.s3KeyPrefix(null),
                t -> t.kmsKeyId("arn:aws:kms:eu-west-1:222222222222:key/own"), t -> t.isMultiRegionTrail(false),
                t -> t.includeGlobalServiceEvents(null), t -> t.logFileValidationEnabled(false).s3BucketName("other"),
                t -> t.homeRegion("us-east-1"));
        List<UnaryOperator<GetTrailStatusResponse.Builder>> statuses = List.of(s -> s, s -> s.isLogging(false),
                s -> s.latestDeliveryError("AccessDenied"));
        GetEventSelectorsResponse readOnly = GetEventSelectorsResponse.builder().eventSelectors(
                EventSelector.builder().readWriteType(ReadWriteType.READ_ONLY).build()).build();
        for (var drift : drifts) {
            for (var status : statuses) {
                for (var selectors : List.of(allManagement(), readOnly)) {
                    List<Check> failed = failed(evaluate(drift, status, selectors));
                    List<Fix> fixes = fixes(drift, status, selectors);
                    assertThat(fixes).extracting(Fix::control).containsExactlyElementsOf(failed.stream()
                            .filter(c -> c != Check.TRAIL_HOME_REGION && c != Check.TRAIL_DELIVERY).toList());
                    assertThat(fixes).allSatisfy(f -> {
                        assertThat(f.before()).isNotEqualTo(f.after());
                        assertThat(f.control().fixPermissions()).as("declared").contains("cloudtrail:" + f.call());
                    });
                }
            }
        }
    }

    @Test
    void settingFixesShareOneUpdateTrailThatSendsEveryDesiredValue() {
        List<Fix> fixes = fixes(t -> t.s3BucketName("other").isMultiRegionTrail(false), s -> s.isLogging(false), allManagement());

        assertThat(fixes).extracting(Fix::call).containsExactly("StartLogging", "UpdateTrail", "UpdateTrail");
        assertThat(fixes.get(1).field()).isEqualTo("S3BucketName");
        assertThat(fixes.get(1).before()).isEqualTo("other");
        assertThat(fixes.get(1).after()).isEqualTo("central-logs");
        assertThat(fixes.get(1).request()).isEqualTo(fixes.get(2).request());
        var update = (software.amazon.awssdk.services.cloudtrail.model.UpdateTrailRequest) fixes.get(1).request();
        assertThat(update.name()).isEqualTo("org-trail");
        assertThat(update.s3KeyPrefix()).isEqualTo("org");
        assertThat(update.kmsKeyId()).isEqualTo(KEY);
        assertThat(update.enableLogFileValidation()).isTrue();
    }

    @Test
    void aMissingTrailIsFixedByCreatingItOnlyWhenItsNameIsFree() {
        List<Fix> free = checks.evaluate(new MemberSnapshot.Missing(MEMBER, "no trail", true), NOW).fixes();
        assertThat(free).extracting(Fix::call).containsExactly("CreateTrail", "CreateTrail", "CreateTrail", "CreateTrail",
                "StartLogging");
        assertThat(free).extracting(Fix::control).containsOnly(Check.TRAIL_EXISTS);
        assertThat(free).allSatisfy(f -> assertThat(f.control().fixPermissions()).contains("cloudtrail:" + f.call()));

        assertThat(checks.evaluate(new MemberSnapshot.Missing(MEMBER, "taken by 333333333333", false), NOW).fixes()).isEmpty();
        assertThat(checks.evaluate(new MemberSnapshot.Unreachable(MEMBER, "cannot assume"), NOW).fixes()).isEmpty();
    }

    @Test
    void theControlsAreTheMemberChecksEachOnceWithTheirMetadata() {
        List<Check> controlled = java.util.stream.Stream.concat(java.util.stream.Stream.of(Check.TRAIL_EXISTS),
                TrailControls.OF_A_TRAIL.stream().map(TrailControl::check)).toList();
        assertThat(controlled).as("trail.exists gates the others; each member check is one control").containsExactlyElementsOf(
                java.util.Arrays.stream(Check.values()).filter(c -> c.scope() == Check.Scope.MEMBER).toList());
        assertThat(TrailControls.OF_A_TRAIL).hasSize(11);
    }

    private Map<Check, CheckResult> unreachable(Map<Check, CheckResult> results) {
        return results.entrySet().stream().filter(e -> e.getValue().outcome() == Outcome.UNREACHABLE)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * A field without a documented meaning when absent leaves its control unreachable, with no fix: neither a pass
     * nor a write built on a guess. Each case is one field left out of an otherwise healthy answer.
     */
    @Test
    void aFieldCloudTrailLeavesOutIsUnreachableForItsControlAloneAndProposesNoFix() {
        Map<Check, String> cases = Map.of(
                Check.TRAIL_BUCKET, "GetTrail answered without S3BucketName",
                Check.TRAIL_MULTI_REGION, "GetTrail answered without IsMultiRegionTrail",
                Check.TRAIL_GLOBAL_EVENTS, "GetTrail answered without IncludeGlobalServiceEvents",
                Check.TRAIL_LOG_VALIDATION, "GetTrail answered without LogFileValidationEnabled");
        Map<Check, UnaryOperator<Trail.Builder>> leftOut = Map.of(
                Check.TRAIL_BUCKET, t -> t.s3BucketName(null),
                Check.TRAIL_MULTI_REGION, t -> t.isMultiRegionTrail(null),
                Check.TRAIL_GLOBAL_EVENTS, t -> t.includeGlobalServiceEvents(null),
                Check.TRAIL_LOG_VALIDATION, t -> t.logFileValidationEnabled(null));
        cases.forEach((check, reason) -> {
            Map<Check, CheckResult> results = evaluate(leftOut.get(check), s -> s, allManagement());
            Map<Check, CheckResult> unknown = unreachable(results);
            // Without LogFileValidationEnabled, whether digest files are due is unknown too.
            assertThat(unknown.keySet()).as(check.id()).containsExactlyInAnyOrderElementsOf(check == Check.TRAIL_LOG_VALIDATION
                    ? List.of(check, Check.DELIVERY_ARRIVED) : List.of(check));
            assertThat(unknown.get(check).actual()).isEqualTo(reason + ": what it would say is unknown");
            assertThat(failed(results)).as(check.id()).isEmpty();
            assertThat(fixes(leftOut.get(check), s -> s, allManagement())).as(check.id()).isEmpty();
        });
    }

    @Test
    void withoutIsLoggingTheTrailIsNotTakenForStoppedNorStarted() {
        Map<Check, CheckResult> results = evaluate(t -> t, s -> s.isLogging(null), allManagement());

        assertThat(unreachable(results).keySet()).containsExactly(Check.TRAIL_LOGGING);
        assertThat(results.get(Check.TRAIL_LOGGING).actual())
                .isEqualTo("GetTrailStatus answered without IsLogging: what it would say is unknown");
        assertThat(fixes(t -> t, s -> s.isLogging(null), allManagement())).as("no StartLogging on a guess").isEmpty();
    }

    @Test
    void anEventSelectorAnswerWithNeitherListIsUnreachableAndNeverRewritten() {
        GetEventSelectorsResponse neither = GetEventSelectorsResponse.builder().trailARN(MEMBER.trailArn().toString()).build();
        Map<Check, CheckResult> results = evaluate(t -> t, s -> s, neither);

        assertThat(unreachable(results).keySet()).containsExactly(Check.TRAIL_MANAGEMENT_EVENTS);
        assertThat(results.get(Check.TRAIL_MANAGEMENT_EVENTS).actual()).isEqualTo(
                "GetEventSelectors answered without EventSelectors or AdvancedEventSelectors: what it would say is unknown");
        assertThat(fixes(t -> t, s -> s, neither)).as("a PutEventSelectors from nothing would drop data selectors").isEmpty();
        GetEventSelectorsResponse empty = GetEventSelectorsResponse.builder().eventSelectors(List.of()).build();
        assertThat(evaluate(t -> t, s -> s, empty).get(Check.TRAIL_MANAGEMENT_EVENTS).actual())
                .as("an empty list is an answer").isEqualTo("no management events");
    }

    /** Absences with a documented meaning keep it: no prefix, no KMS key, no delivery error. */
    @Test
    void absencesWithADocumentedMeaningAreJudged() {
        assertThat(evaluate(t -> t.kmsKeyId(null), s -> s, allManagement()).get(Check.TRAIL_KMS_KEY).outcome()).isEqualTo(Outcome.FAIL);
        assertThat(evaluate(t -> t.s3KeyPrefix(null), s -> s, allManagement()).get(Check.TRAIL_PREFIX).actual()).isEqualTo("(none)");
        assertThat(unreachable(evaluate(t -> t, s -> s.latestDeliveryError(null), allManagement()))).isEmpty();
        assertThat(evaluate(t -> t.logFileValidationEnabled(null), s -> s.latestDigestDeliveryError("AccessDenied"), allManagement())
                .get(Check.TRAIL_DELIVERY).outcome()).as("a digest error is not hidden by an unknown validation").isEqualTo(Outcome.FAIL);
    }

    /** HomeRegion is optional in GetTrail's answer (an emulator leaves it out): the trail ARN says where it lives. */
    @Test
    void aTrailWithoutHomeRegionIsHomedWhereItsArnSays() {
        Map<Check, CheckResult> results = evaluate(t -> t.homeRegion(null), s -> s, allManagement());
        assertThat(failed(results)).isEmpty();
        assertThat(results.get(Check.TRAIL_HOME_REGION).actual()).isEqualTo("eu-west-1");

        String elsewhere = Arn.trail("aws", "us-east-2", "222222222222", "org-trail").toString();
        CheckResult moved = evaluate(t -> t.homeRegion(null).trailARN(elsewhere), s -> s, allManagement())
                .get(Check.TRAIL_HOME_REGION);
        assertThat(moved.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(moved.actual()).startsWith("homed in us-east-2 ").doesNotContain("null");
    }
}
