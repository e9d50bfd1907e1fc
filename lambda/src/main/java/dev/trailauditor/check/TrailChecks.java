package dev.trailauditor.check;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.observe.MemberSnapshot;
import dev.trailauditor.policy.LogPrefix;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/**
 * The member trail checks: pure functions of one {@link MemberSnapshot}. When the trail itself is
 * missing only {@code trail.exists} is reported; the others would only repeat it.
 */
public final class TrailChecks {
    private static final List<Check> MEMBER_CHECKS = Arrays.stream(Check.values())
            .filter(c -> c.scope() == Check.Scope.MEMBER).toList();

    private final AuditConfig config;

    public TrailChecks(AuditConfig config) {
        this.config = config;
    }

    public List<CheckResult> evaluate(MemberSnapshot snapshot, Instant now) {
        String account = snapshot.member().accountId();
        String expectedTrail = "trail '" + snapshot.member().trailName() + "' of " + account;
        if (snapshot instanceof MemberSnapshot.Unreachable unreachable) {
            return MEMBER_CHECKS.stream()
                    .map(c -> CheckResult.unreachable(c, account, expected(c, expectedTrail, snapshot.member().homeRegion()), unreachable.reason()))
                    .toList();
        }
        if (snapshot instanceof MemberSnapshot.Missing missing) {
            return List.of(CheckResult.fail(Check.TRAIL_EXISTS, account, expectedTrail, missing.detail()));
        }
        var found = (MemberSnapshot.Found) snapshot;
        Trail trail = found.trail();
        return List.of(
                CheckResult.pass(Check.TRAIL_EXISTS, account, expectedTrail, trail.trailARN()),
                homeRegion(found),
                logging(account, found.status()),
                CheckResult.compare(Check.TRAIL_BUCKET, account, config.centralBucket(), orNone(trail.s3BucketName())),
                CheckResult.compare(Check.TRAIL_PREFIX, account, config.logPrefix().shown(), LogPrefix.reported(trail.s3KeyPrefix()).shown()),
                CheckResult.compare(Check.TRAIL_KMS_KEY, account, config.keyArn().toString(), orNone(trail.kmsKeyId())),
                flag(Check.TRAIL_MULTI_REGION, account, trail.isMultiRegionTrail()),
                flag(Check.TRAIL_GLOBAL_EVENTS, account, trail.includeGlobalServiceEvents()),
                flag(Check.TRAIL_LOG_VALIDATION, account, trail.logFileValidationEnabled()),
                managementEvents(account, found),
                delivery(account, trail, found.status(), now));
    }

    /** What an unreachable account's check would have compared against, so the report still says it. */
    private String expected(Check check, String expectedTrail, String homeRegion) {
        return switch (check) {
            case TRAIL_EXISTS -> expectedTrail;
            case TRAIL_HOME_REGION -> homeRegion;
            case TRAIL_LOGGING -> "logging";
            case TRAIL_BUCKET -> config.centralBucket();
            case TRAIL_PREFIX -> config.logPrefix().shown();
            case TRAIL_KMS_KEY -> config.keyArn().toString();
            case TRAIL_MANAGEMENT_EVENTS -> ManagementEvents.EXPECTED;
            case TRAIL_DELIVERY -> deliveryExpectation();
            default -> "true";
        };
    }

    /** A trail cannot move: a trail homed elsewhere is audited and repaired there, and the registry should say so. */
    private static CheckResult homeRegion(MemberSnapshot.Found found) {
        String registered = found.member().homeRegion();
        String actual = found.trail().homeRegion();
        return Objects.equals(registered, actual)
                ? CheckResult.pass(Check.TRAIL_HOME_REGION, found.member().accountId(), registered, actual)
                : CheckResult.fail(Check.TRAIL_HOME_REGION, found.member().accountId(), registered, "homed in " + actual
                        + " (audited and repaired there; set \"homeRegion\": \"" + actual + "\" in the registry:"
                        + " central grants pinned to the registered trail ARN do not match this trail)");
    }

    private static CheckResult logging(String account, GetTrailStatusResponse status) {
        boolean logging = Boolean.TRUE.equals(status.isLogging());
        String actual = logging ? "logging"
                : "stopped" + (status.stopLoggingTime() == null ? "" : " since " + toTheSecond(status.stopLoggingTime()));
        return new CheckResult(Check.TRAIL_LOGGING, account, logging ? Outcome.PASS : Outcome.FAIL, "logging", actual);
    }

    private static CheckResult flag(Check check, String account, Boolean value) {
        return CheckResult.compare(check, account, "true", String.valueOf(Boolean.TRUE.equals(value)));
    }

    private static CheckResult managementEvents(String account, MemberSnapshot.Found found) {
        String actual = ManagementEvents.describe(found.selectors());
        return CheckResult.compare(Check.TRAIL_MANAGEMENT_EVENTS, account, ManagementEvents.EXPECTED, actual);
    }

    private CheckResult delivery(String account, Trail trail, GetTrailStatusResponse status, Instant now) {
        String expected = deliveryExpectation();
        if (!isBlank(status.latestDeliveryError())) {
            return CheckResult.fail(Check.TRAIL_DELIVERY, account, expected, "delivery error: " + status.latestDeliveryError());
        }
        if (Boolean.TRUE.equals(trail.logFileValidationEnabled()) && !isBlank(status.latestDigestDeliveryError())) {
            return CheckResult.fail(Check.TRAIL_DELIVERY, account, expected,
                    "digest delivery error: " + status.latestDigestDeliveryError());
        }
        Instant last = status.latestDeliveryTime();
        if (last != null && withinMaxAge(last, now)) {
            return CheckResult.pass(Check.TRAIL_DELIVERY, account, expected, delivered(last, now));
        }
        // A trail that (re)started logging recently has had no time to deliver yet: silence counts from its start.
        Instant started = status.startLoggingTime();
        if (Boolean.TRUE.equals(status.isLogging()) && started != null && (last == null || last.isBefore(started))
                && withinMaxAge(started, now)) {
            return CheckResult.pass(Check.TRAIL_DELIVERY, account, expected,
                    "logging since " + toTheSecond(started) + " (" + hours(Duration.between(started, now)) + " ago), first delivery pending");
        }
        return CheckResult.fail(Check.TRAIL_DELIVERY, account, expected,
                last == null ? "no log file delivered yet" : delivered(last, now));
    }

    private boolean withinMaxAge(Instant since, Instant now) {
        return Duration.between(since, now).compareTo(config.deliveryMaxAge()) <= 0;
    }

    private static String delivered(Instant last, Instant now) {
        return "last delivery " + toTheSecond(last) + " (" + hours(Duration.between(last, now)) + " ago)";
    }

    /** CloudTrail's times carry fractions of a second nobody reading the report needs. */
    private static Instant toTheSecond(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS);
    }

    private String deliveryExpectation() {
        return "delivered within " + hours(config.deliveryMaxAge()) + ", no delivery errors";
    }

    private static String hours(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        return minutes < 120 ? minutes + " min" : (minutes / 60) + " h";
    }

    private static String orNone(String value) {
        return isBlank(value) ? LogPrefix.SHOWN_AS_NONE : value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
