package dev.trailauditor.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Where members deliver: the central bucket (with its log prefix) and key, and the audit account that
 * reads the logs.
 *
 * @param keyArn the key's ARN as requests name it (the SSE-KMS header, kms:* resources); "" for a destination
 *               without a key (the simulator's CloudTrail checking a trail that encrypts with none)
 * @param at when the requests are judged: every request carries the time (aws:CurrentTime)
 * @param eventBusArn the bus members forward their trail changes to; "" when there is none (no event path)
 */
public record CentralTarget(String partition, String bucket, LogPrefix prefix, String keyArn, String auditAccountId,
                            Instant at, String eventBusArn) {
    public CentralTarget {
        Objects.requireNonNull(eventBusArn, "eventBusArn");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(keyArn, "keyArn");
        if (!AccountIds.isAccountId(auditAccountId)) {
            throw new IllegalArgumentException("not a 12-digit AWS account id: '" + auditAccountId + "'");
        }
    }

    /** A destination without an event bus. */
    public CentralTarget(String partition, String bucket, LogPrefix prefix, String keyArn, String auditAccountId, Instant at) {
        this(partition, bucket, prefix, keyArn, auditAccountId, at, "");
    }

    /** Is there an event bus whose policy must admit the members? */
    public boolean hasEventBus() {
        return !eventBusArn.isEmpty();
    }

    public String bucketArn() {
        return Arn.bucket(partition, bucket).toString();
    }

    /** Where CloudTrail writes one member's logs: arn:...:s3:::bucket/prefix/AWSLogs/account/* */
    public String logPath(String accountId) {
        return logsRoot() + accountId + "/*";
    }

    /** Every member's logs at once: arn:...:s3:::bucket/prefix/AWSLogs/* */
    public String allLogsPath() {
        return logsRoot() + "*";
    }

    /**
     * Each trail its own account's folder: arn:...:s3:::bucket/prefix/AWSLogs/${aws:SourceAccount}/*.
     * aws:SourceAccount is a global condition key, usable as a policy variable in a 2012-10-17
     * policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
     */
    public String ownLogsPath() {
        return logsRoot() + "${aws:SourceAccount}/*";
    }

    /** An object under the bucket's log prefix (or its root): "prefix/key" or "key". */
    public String objectArn(String key) {
        return bucketArn() + "/" + prefix.keyOf(key);
    }

    /** The key's region, the fallback home region when a trail has to be rebuilt from an account alone. */
    public String keyRegion() {
        return Arn.parse(keyArn).map(Arn::region).orElse("");
    }

    public String auditRoot() {
        return "arn:" + partition + ":iam::" + auditAccountId + ":root";
    }

    /** arn:partition:cloudtrail:*:account:trail/* (account may be "*"): what an encryption context may hold. */
    public String trailsOf(String accountOrStar) {
        return "arn:" + partition + ":cloudtrail:*:" + accountOrStar + ":trail/*";
    }

    /** arn:partition:cloudtrail:*:*:trail/name: a trail name in any account and region. */
    public String trailsNamed(String trailName) {
        return "arn:" + partition + ":cloudtrail:*:*:trail/" + trailName;
    }

    private String logsRoot() {
        return bucketArn() + "/" + prefix.keyOf("AWSLogs/");
    }
}
