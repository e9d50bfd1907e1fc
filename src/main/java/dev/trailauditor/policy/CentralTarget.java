package dev.trailauditor.policy;

import java.util.Objects;

/**
 * Where members deliver: the central bucket (with its log prefix, "" for none) and key, and the
 * audit account that reads the logs.
 */
public record CentralTarget(String partition, String bucket, String prefix, String keyArn, String auditAccountId) {
    public CentralTarget {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(keyArn, "keyArn");
        if (!AccountIds.isAccountId(auditAccountId)) {
            throw new IllegalArgumentException("not a 12-digit AWS account id: '" + auditAccountId + "'");
        }
    }

    public String bucketArn() {
        return "arn:" + partition + ":s3:::" + bucket;
    }

    /** Where CloudTrail writes one member's logs: arn:...:s3:::bucket/prefix/AWSLogs/account/* */
    public String logPath(String accountId) {
        return logsRoot() + accountId + "/*";
    }

    /** Every member's logs at once: arn:...:s3:::bucket/prefix/AWSLogs/* */
    public String allLogsPath() {
        return logsRoot() + "*";
    }

    /** The key's region, the fallback home region when a trail has to be rebuilt from an account alone. */
    public String keyRegion() {
        String[] parts = keyArn.split(":", 6);
        return parts.length == 6 ? parts[3] : "";
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
        return bucketArn() + "/" + (prefix.isEmpty() ? "" : prefix + "/") + "AWSLogs/";
    }
}
