package dev.trailauditor.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.config.DesiredTrail;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.LogArrival;
import dev.trailauditor.observe.LogArrival.Encryption;
import dev.trailauditor.observe.LogArrival.Newest;
import dev.trailauditor.observe.LogArrival.StoredObject;
import dev.trailauditor.observe.MemberSnapshot;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.LogPrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/** delivery.arrived on what the central bucket holds: fresh, stale, missing and wrongly encrypted files. */
class DeliveryArrivedTest {
    private static final Instant NOW = Instant.parse("2026-11-29T03:00:00Z");
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/k-1";
    private static final DesiredTrail DESIRED = new DesiredTrail("central-logs", LogPrefix.of("org"), Arn.of(KEY), Duration.ofHours(24));
    private static final Member MEMBER = Member.of("aws", "222222222222", Optional.empty(), "org-trail", "eu-west-1", "R", false);
    private static final String LOGS = "org/AWSLogs/222222222222/CloudTrail/eu-west-1/ (2026/11/28 to 2026/11/29)";
    private static final String DIGESTS = "org/AWSLogs/222222222222/CloudTrail-Digest/eu-west-1/ (2026/11/28 to 2026/11/29)";

    private static Newest newest(String searched, Instant arrived) {
        return new Newest(searched, Optional.of(new StoredObject("org/AWSLogs/222222222222/file.json.gz", arrived)));
    }

    private static LogArrival arrival(Optional<Instant> log, Encryption encryption, Optional<Optional<Instant>> digest) {
        Newest logs = log.map(at -> newest(LOGS, at)).orElse(new Newest(LOGS, Optional.empty()));
        return new LogArrival(logs, log.map(at -> encryption),
                digest.map(d -> d.map(at -> newest(DIGESTS, at)).orElse(new Newest(DIGESTS, Optional.empty()))));
    }

    /** The trail validates its log files exactly when its digests were looked for, as the observer reads them. */
    private static CheckResult judge(Observation<LogArrival> arrival) {
        Boolean validation = arrival.ok() && arrival.value().digests().isPresent();
        return judge(arrival, validation);
    }

    private static CheckResult judge(Observation<LogArrival> arrival, Boolean validation) {
        MemberSnapshot.Found found = new MemberSnapshot.Found(MEMBER, Trail.builder().logFileValidationEnabled(validation).build(),
                GetTrailStatusResponse.builder().build(), GetEventSelectorsResponse.builder().build(), arrival);
        TrailControl.Finding finding = new DeliveryArrived().evaluate(found, DESIRED, NOW);
        assertThat(finding.fix()).as("never repaired").isEmpty();
        return finding.result();
    }

    private static CheckResult judge(LogArrival arrival) {
        return judge(Observation.of(arrival));
    }

    private static final Encryption CENTRAL = new Encryption("aws:kms", KEY);
    private static final Optional<Instant> TEN_MINUTES_AGO = Optional.of(NOW.minus(Duration.ofMinutes(10)));

    @Test
    void freshLogAndDigestEncryptedWithTheCentralKeyPass() {
        CheckResult result = judge(arrival(TEN_MINUTES_AGO, CENTRAL, Optional.of(Optional.of(NOW.minus(Duration.ofMinutes(40))))));

        assertThat(result.outcome()).isEqualTo(Outcome.PASS);
        assertThat(result.check()).isEqualTo(Check.DELIVERY_ARRIVED);
        assertThat(result.actual()).isEqualTo("newest log file 2026-11-29T02:50:00Z (10 min ago), SSE-KMS with the central key;"
                + " newest digest file 2026-11-29T02:20:00Z (40 min ago)");
        assertThat(result.expected()).isEqualTo("newest log file (and digest file, with validation) within 24 h in central-logs,"
                + " SSE-KMS with the central key");
    }

    @Test
    void withoutValidationNoDigestIsAskedFor() {
        assertThat(judge(arrival(TEN_MINUTES_AGO, CENTRAL, Optional.empty())).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aStaleLogFileFails() {
        CheckResult result = judge(arrival(Optional.of(NOW.minus(Duration.ofHours(30))), CENTRAL, Optional.empty()));

        assertThat(result.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(result.actual()).isEqualTo("newest log file arrived 2026-11-27T21:00:00Z (30 h ago)");
        assertThat(judge(arrival(Optional.of(NOW.minus(Duration.ofHours(24))), CENTRAL, Optional.empty())).outcome())
                .as("exactly the maximum age is still in time").isEqualTo(Outcome.PASS);
    }

    @Test
    void noLogFileFailsNamingWhereItWasLookedFor() {
        CheckResult result = judge(arrival(Optional.empty(), CENTRAL, Optional.empty()));

        assertThat(result.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(result.actual()).isEqualTo("no log file in " + LOGS);
    }

    @Test
    void aLogFileNotEncryptedWithTheCentralKeyFails() {
        CheckResult sseS3 = judge(arrival(TEN_MINUTES_AGO, new Encryption("AES256", null), Optional.empty()));
        assertThat(sseS3.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(sseS3.actual()).isEqualTo("newest log file org/AWSLogs/222222222222/file.json.gz is encrypted with AES256, not SSE-KMS");

        String otherKey = "arn:aws:kms:eu-west-1:222222222222:key/own";
        CheckResult foreign = judge(arrival(TEN_MINUTES_AGO, new Encryption("aws:kms", otherKey), Optional.empty()));
        assertThat(foreign.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(foreign.actual()).isEqualTo("newest log file org/AWSLogs/222222222222/file.json.gz is encrypted with key "
                + otherKey + ", not the central key");

        assertThat(judge(arrival(TEN_MINUTES_AGO, new Encryption(null, null), Optional.empty())).actual())
                .endsWith("is encrypted with nothing S3 names, not SSE-KMS");
        assertThat(judge(arrival(TEN_MINUTES_AGO, new Encryption("aws:kms", "k-1"), Optional.empty())).outcome())
                .as("the central key's bare id is the central key").isEqualTo(Outcome.PASS);
    }

    @Test
    void withValidationAMissingOrStaleDigestFailsEvenWhenLogsArrive() {
        CheckResult missing = judge(arrival(TEN_MINUTES_AGO, CENTRAL, Optional.of(Optional.empty())));
        assertThat(missing.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(missing.actual()).isEqualTo("no digest file in " + DIGESTS);

        CheckResult stale = judge(arrival(TEN_MINUTES_AGO, CENTRAL, Optional.of(Optional.of(NOW.minus(Duration.ofDays(3))))));
        assertThat(stale.actual()).isEqualTo("newest digest file arrived 2026-11-26T03:00:00Z (72 h ago)");
    }

    @Test
    void everyProblemIsNamed() {
        CheckResult result = judge(arrival(Optional.of(NOW.minus(Duration.ofHours(30))), new Encryption("AES256", null),
                Optional.of(Optional.empty())));

        assertThat(result.actual()).isEqualTo("newest log file arrived 2026-11-27T21:00:00Z (30 h ago);"
                + " newest log file org/AWSLogs/222222222222/file.json.gz is encrypted with AES256, not SSE-KMS;"
                + " no digest file in " + DIGESTS);
    }

    @Test
    void aListingThatFailedIsUnreachableForThisControlOnly() {
        CheckResult result = judge(Observation.failed("AccessDenied: Access Denied (S3, 403)"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(result.actual()).isEqualTo("the central bucket could not be listed: AccessDenied: Access Denied (S3, 403)");
    }
    /** Without LogFileValidationEnabled, fresh log files prove too little: whether digests are due is unknown. */
    @Test
    void freshLogsOfATrailThatLeavesOutItsValidationAreUnreachableAndStaleOnesFail() {
        CheckResult fresh = judge(Observation.of(arrival(TEN_MINUTES_AGO, CENTRAL, Optional.empty())), null);
        assertThat(fresh.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(fresh.actual()).isEqualTo("GetTrail answered without LogFileValidationEnabled: what it would say is unknown");

        CheckResult stale = judge(Observation.of(arrival(Optional.of(NOW.minus(Duration.ofDays(3))), CENTRAL, Optional.empty())), null);
        assertThat(stale.outcome()).as("what is known to fail still fails").isEqualTo(Outcome.FAIL);
    }
}
