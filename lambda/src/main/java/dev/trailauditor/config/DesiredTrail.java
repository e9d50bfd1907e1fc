package dev.trailauditor.config;

import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.LogPrefix;
import java.time.Duration;

/**
 * What every member's trail must be, taken once from the validated configuration: the trail
 * controls judge against it and their fixes write it.
 *
 * @param bucket          the central bucket the trail delivers to
 * @param prefix          the S3 key prefix before {@code AWSLogs/}, or none
 * @param key             the central key the trail encrypts with (its full ARN)
 * @param deliveryMaxAge  how old the last delivery may be
 */
public record DesiredTrail(String bucket, LogPrefix prefix, Arn key, Duration deliveryMaxAge) {}
