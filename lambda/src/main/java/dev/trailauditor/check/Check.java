package dev.trailauditor.check;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * Every check the auditor runs, with its stable id (reports and emails use it), severity, title,
 * where it looks, and the IAM actions it needs there (the templates grant exactly these).
 */
public enum Check {
    TRAIL_EXISTS("trail.exists", Scope.MEMBER, Severity.HIGH, "Trail exists and is the member's own", "cloudtrail:GetTrail"),
    TRAIL_HOME_REGION("trail.home-region", Scope.MEMBER, Severity.HIGH, "Trail is homed in its registered region", "cloudtrail:ListTrails"),
    TRAIL_LOGGING("trail.logging", Scope.MEMBER, Severity.HIGH, "Trail is logging", "cloudtrail:GetTrailStatus"),
    TRAIL_BUCKET("trail.bucket", Scope.MEMBER, Severity.HIGH, "Trail delivers to the central bucket", "cloudtrail:GetTrail"),
    TRAIL_PREFIX("trail.prefix", Scope.MEMBER, Severity.MEDIUM, "Trail delivers under the central prefix", "cloudtrail:GetTrail"),
    TRAIL_KMS_KEY("trail.kms-key", Scope.MEMBER, Severity.HIGH, "Trail encrypts with the central key", "cloudtrail:GetTrail"),
    TRAIL_MULTI_REGION("trail.multi-region", Scope.MEMBER, Severity.HIGH, "Trail records every region", "cloudtrail:GetTrail"),
    TRAIL_GLOBAL_EVENTS("trail.global-events", Scope.MEMBER, Severity.MEDIUM, "Trail records global service events", "cloudtrail:GetTrail"),
    TRAIL_LOG_VALIDATION("trail.log-validation", Scope.MEMBER, Severity.MEDIUM, "Log file validation is on", "cloudtrail:GetTrail"),
    TRAIL_MANAGEMENT_EVENTS("trail.management-events", Scope.MEMBER, Severity.HIGH, "Trail records all management events", "cloudtrail:GetEventSelectors"),
    TRAIL_DELIVERY("trail.delivery", Scope.MEMBER, Severity.HIGH, "Logs were delivered recently, without errors", "cloudtrail:GetTrailStatus"),

    BUCKET_EXISTS("bucket.exists", Scope.CENTRAL, Severity.HIGH, "Central bucket exists", "s3:GetBucketPolicy"),
    BUCKET_ACL_CHECK("bucket-policy.acl-check", Scope.CENTRAL, Severity.HIGH, "Bucket policy lets the trail check the bucket ACL", "s3:GetBucketPolicy"),
    BUCKET_WRITE("bucket-policy.write", Scope.CENTRAL, Severity.HIGH, "Bucket policy lets the trail write its logs", "s3:GetBucketPolicy"),
    KEY_ENCRYPT("key-policy.encrypt", Scope.CENTRAL, Severity.HIGH, "Key policy lets the trail encrypt its logs", "kms:GetKeyPolicy"),
    KEY_DESCRIBE("key-policy.describe", Scope.CENTRAL, Severity.HIGH, "Key policy lets the trail describe the key", "kms:GetKeyPolicy"),
    KEY_DECRYPT("key-policy.decrypt", Scope.CENTRAL, Severity.MEDIUM, "Key policy lets the audit account decrypt the logs", "kms:GetKeyPolicy"),
    BUCKET_EXPOSURE("bucket-policy.exposure", Scope.CENTRAL, Severity.HIGH, "Bucket policy lets in only CloudTrail, for registered trails, into their own folders", "s3:GetBucketPolicy"),
    KEY_EXPOSURE("key-policy.exposure", Scope.CENTRAL, Severity.HIGH, "Key policy lets in only CloudTrail for registered trails and the audit account", "kms:GetKeyPolicy"),
    KEY_USABLE("key.usable", Scope.CENTRAL, Severity.HIGH, "Central key is enabled and not pending deletion", "kms:DescribeKey"),
    STALE_GRANT("registry.stale-grant", Scope.CENTRAL, Severity.LOW, "Policies grant only registered accounts", "s3:GetBucketPolicy", "kms:GetKeyPolicy");

    /** Member checks run with the member role (or the function's own role for the audit account). */
    public enum Scope { MEMBER, CENTRAL }

    private final String id;
    private final Scope scope;
    private final Severity severity;
    private final String title;
    private final List<String> permissions;

    Check(String id, Scope scope, Severity severity, String title, String... permissions) {
        this.id = id;
        this.scope = scope;
        this.severity = severity;
        this.title = title;
        this.permissions = List.of(permissions);
    }

    @JsonValue
    public String id() {
        return id;
    }

    public Scope scope() {
        return scope;
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    /** Exposure checks say who else gets in; the others whether CloudTrail can deliver. */
    public boolean exposure() {
        return this == BUCKET_EXPOSURE || this == KEY_EXPOSURE;
    }

    public List<String> permissions() {
        return permissions;
    }

    /** The IAM actions all checks of a scope need, sorted. */
    public static List<String> permissions(Scope scope) {
        return Arrays.stream(values()).filter(c -> c.scope == scope)
                .flatMap(c -> c.permissions.stream()).distinct().sorted().toList();
    }
}
