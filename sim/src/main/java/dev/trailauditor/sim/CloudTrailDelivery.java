package dev.trailauditor.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * CloudTrail writing a trail's files into its bucket. The fleet has no background time, so deliveries are brought up
 * to date when a member's folder is read (ListObjectsV2, HeadObject): each trail of that account writes the files it
 * is due (see {@link SimTrail#takeDue}), each stamped with when it was due, into its bucket under its prefix, in its
 * home region's folder only (a multi-region trail writes every active region's; the home region's is the one audited).
 * A file arrives only if the destination accepts it as CloudTrail is judged when a trail is created or updated
 * ({@link CloudTrailDestinationCheck}) and its key is enabled; a refused file is lost. What GetTrailStatus reports
 * stays what tests set, so a trail can say it delivers while nothing arrives.
 */
final class CloudTrailDelivery {
    /** CloudTrail publishes log files about every 5 minutes (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-cloudtrail-works.html). */
    static final Duration LOG_INTERVAL = Duration.ofMinutes(5);
    /** Digest files cover an hour each (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html). */
    static final Duration DIGEST_INTERVAL = Duration.ofHours(1);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    enum Kind { LOG, DIGEST }

    /**
     * One file a trail wrote, and when.
     *
     * @param arrivedAt where a file written before anyone looked (a trail set up healthy) went, whatever the trail and
     *                  policies say now; null for a file written now, which goes where the trail says if accepted
     */
    record File(Kind kind, Instant at, TrailDestination arrivedAt) {}

    private final Fleet fleet;
    private final CloudTrailDestinationCheck destinationCheck;
    private final AtomicLong unique = new AtomicLong();

    CloudTrailDelivery(Fleet fleet) {
        this.fleet = fleet;
        this.destinationCheck = new CloudTrailDestinationCheck(fleet);
    }

    /** Puts what the trail is due by now: files it wrote before anyone looked where they went, new ones if accepted. */
    void catchUp(SimTrail trail, Instant now) {
        TrailDestination current = trail.destination();
        Boolean accepted = null;
        for (File file : trail.takeDue(now)) {
            TrailDestination destination = file.arrivedAt() != null ? file.arrivedAt() : current;
            Optional<SimBucket> bucket = Optional.ofNullable(destination.bucket()).flatMap(fleet::findBucket);
            if (bucket.isPresent() && file.arrivedAt() == null && accepted == null) {
                accepted = accepts(trail, current);
            }
            if (bucket.isPresent() && (file.arrivedAt() != null || accepted)) {
                // Digest files are SSE-S3 whatever the trail's key
                // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html).
                bucket.get().putObject(key(trail, destination, file), file.at(),
                        file.kind() == Kind.LOG ? destination.kmsKey() : null);
            }
        }
    }

    private boolean accepts(SimTrail trail, TrailDestination destination) {
        try {
            TrailDestination stored = destinationCheck.verify(trail.arn(), destination);
            return stored.kmsKey() == null || fleet.findKeyByArn(stored.kmsKey()).map(SimKey::enabled).orElse(false);
        } catch (AwsServiceException refused) {
            return false;
        }
    }

    /** Where CloudTrail names the file (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html). */
    private String key(SimTrail trail, TrailDestination destination, File file) {
        String account = trail.accountId();
        String region = trail.homeRegion();
        String folder = (destination.prefix() == null || destination.prefix().isEmpty() ? "" : destination.prefix() + "/")
                + "AWSLogs/" + account + "/" + (file.kind() == Kind.LOG ? "CloudTrail" : "CloudTrail-Digest") + "/" + region
                + "/" + DAY.format(file.at()) + "/";
        return file.kind() == Kind.LOG
                ? folder + account + "_CloudTrail_" + region + "_" + MINUTE.format(file.at()) + "_"
                        + String.format("%016X", unique.incrementAndGet()) + ".json.gz"
                : folder + account + "_CloudTrail-Digest_" + region + "_" + trail.name() + "_" + region + "_"
                        + SECOND.format(file.at()) + ".json.gz";
    }
}
