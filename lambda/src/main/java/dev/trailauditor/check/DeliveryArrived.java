package dev.trailauditor.check;

import dev.trailauditor.aws.IncompleteAnswer;
import dev.trailauditor.config.DesiredTrail;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.LogArrival;
import dev.trailauditor.observe.MemberSnapshot;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.Arn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * delivery.arrived: what the central bucket holds, whatever the trail says of itself. The newest log file of the
 * trail's home region must be younger than DELIVERY_MAX_AGE_HOURS and SSE-KMS encrypted with the central key; with
 * log file validation on, the newest digest file must be as young (digests are SSE-S3 whatever the trail's key:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html).
 * Never repaired: files that do not arrive are put right where they go astray.
 */
final class DeliveryArrived extends TrailControl {
    /** HeadObject's ServerSideEncryption for SSE-KMS (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). */
    static final String SSE_KMS = "aws:kms";

    DeliveryArrived() {
        super(Check.DELIVERY_ARRIVED);
    }

    @Override
    public String expected(DesiredTrail desired, Member member) {
        return "newest log file (and digest file, with validation) within " + Ages.hours(desired.deliveryMaxAge())
                + " in " + desired.bucket() + ", SSE-KMS with the central key";
    }

    @Override
    public Finding evaluate(MemberSnapshot.Found found, DesiredTrail desired, Instant now) {
        String account = found.member().accountId();
        String expected = expected(desired, found.member());
        Observation<LogArrival> arrival = found.arrival();
        if (!arrival.ok()) {
            return Finding.passed(CheckResult.unreachable(Check.DELIVERY_ARRIVED, account, expected,
                    "the central bucket could not be listed: " + arrival.failure()));
        }
        List<String> problems = problems(arrival.value(), desired, now);
        if (problems.isEmpty() && found.trail().logFileValidationEnabled() == null) {
            // The log files arrive, but whether digest files are due too is unknown, so no pass.
            return Finding.passed(CheckResult.unreachable(Check.DELIVERY_ARRIVED, account, expected,
                    new IncompleteAnswer("GetTrail", "LogFileValidationEnabled").getMessage()));
        }
        return Finding.passed(problems.isEmpty()
                ? CheckResult.pass(Check.DELIVERY_ARRIVED, account, expected, arrived(arrival.value(), now))
                : CheckResult.fail(Check.DELIVERY_ARRIVED, account, expected, String.join("; ", problems)));
    }

    /** What does not arrive as it must; none when all does. */
    static List<String> problems(LogArrival arrival, DesiredTrail desired, Instant now) {
        List<String> problems = new ArrayList<>();
        age("log file", arrival.logs(), desired, now, problems);
        arrival.logEncryption().ifPresent(encryption -> {
            String key = arrival.logs().object().orElseThrow().key();
            if (!SSE_KMS.equals(encryption.algorithm())) {
                problems.add("newest log file " + key + " is encrypted with "
                        + (encryption.algorithm() == null ? "nothing S3 names" : encryption.algorithm()) + ", not SSE-KMS");
            } else if (!isCentralKey(encryption.kmsKeyId(), desired.key())) {
                problems.add("newest log file " + key + " is encrypted with key " + encryption.kmsKeyId() + ", not the central key");
            }
        });
        arrival.digests().ifPresent(digests -> age("digest file", digests, desired, now, problems));
        return problems;
    }

    private static void age(String kind, LogArrival.Newest newest, DesiredTrail desired, Instant now, List<String> problems) {
        if (newest.object().isEmpty()) {
            problems.add("no " + kind + " in " + newest.searched());
        } else if (!Ages.within(newest.object().get().lastModified(), now, desired.deliveryMaxAge())) {
            problems.add("newest " + kind + " arrived " + Ages.at(newest.object().get().lastModified(), now));
        }
    }

    /**
     * S3 names the key by its ARN; HeadObject documents SSEKMSKeyId as "the ID of the KMS key", so the central key's
     * bare id counts as well (the bucket and the key are both the audit account's).
     */
    private static boolean isCentralKey(String kmsKeyId, Arn key) {
        return key.toString().equals(kmsKeyId) || key.resourceName().equals(kmsKeyId);
    }

    private static String arrived(LogArrival arrival, Instant now) {
        String logs = "newest log file " + Ages.at(arrival.logs().object().orElseThrow().lastModified(), now)
                + ", SSE-KMS with the central key";
        return arrival.digests().flatMap(LogArrival.Newest::object)
                .map(digest -> logs + "; newest digest file " + Ages.at(digest.lastModified(), now)).orElse(logs);
    }
}
