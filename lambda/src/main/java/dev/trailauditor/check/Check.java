package dev.trailauditor.check;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * Every control's metadata: its stable id (reports and emails use it), severity, title, the risk
 * while it fails, the remediation, where it looks, and the IAM actions it reads with (the templates
 * grant exactly these) and those its repairs write with. The
 * README's check table is tested against this list.
 */
public enum Check {
    TRAIL_EXISTS("trail.exists", Scope.MEMBER, Severity.HIGH, "Trail exists and is the member's own",
            "Without its trail the member's API activity is not recorded anywhere the audit account can see.",
            "Create the trail (CREATE_MISSING_TRAILS, or \"createTrail\": true in the registry), or fix its name in the registry.",
            List.of("cloudtrail:GetTrail"), List.of("cloudtrail:CreateTrail", "cloudtrail:StartLogging")),
    TRAIL_HOME_REGION("trail.home-region", Scope.MEMBER, Severity.HIGH, "Trail is homed in its registered region",
            "Central grants are pinned to the registered trail ARN: a trail homed elsewhere does not match them, so its logs are refused.",
            "Set the trail's real home region in the registry (a trail cannot move).",
            List.of("cloudtrail:ListTrails"), List.of()),
    TRAIL_LOGGING("trail.logging", Scope.MEMBER, Severity.HIGH, "Trail is logging",
            "A stopped trail records nothing: stopping it is what an intruder does first.",
            "StartLogging on the trail (trail repair mode does it).",
            List.of("cloudtrail:GetTrailStatus"), List.of("cloudtrail:StartLogging")),
    TRAIL_BUCKET("trail.bucket", Scope.MEMBER, Severity.HIGH, "Trail delivers to the central bucket",
            "Logs go to a bucket the audit account does not hold, or nowhere it looks.",
            "UpdateTrail with S3BucketName set to the central bucket (trail repair mode does it).",
            List.of("cloudtrail:GetTrail"), List.of("cloudtrail:UpdateTrail")),
    TRAIL_PREFIX("trail.prefix", Scope.MEMBER, Severity.MEDIUM, "Trail delivers under the central prefix",
            "Logs land outside the folder the bucket policy grants, so CloudTrail is refused, or outside what readers search.",
            "UpdateTrail with S3KeyPrefix set to LOG_PREFIX (trail repair mode does it).",
            List.of("cloudtrail:GetTrail"), List.of("cloudtrail:UpdateTrail")),
    TRAIL_KMS_KEY("trail.kms-key", Scope.MEMBER, Severity.HIGH, "Trail encrypts with the central key",
            "Logs are unencrypted by the central key, or encrypted with a key the audit account cannot read.",
            "UpdateTrail with KmsKeyId set to the central key's full ARN (trail repair mode does it).",
            List.of("cloudtrail:GetTrail"), List.of("cloudtrail:UpdateTrail")),
    TRAIL_MULTI_REGION("trail.multi-region", Scope.MEMBER, Severity.HIGH, "Trail records every region",
            "Activity in every other region goes unrecorded.",
            "UpdateTrail with IsMultiRegionTrail true (trail repair mode does it).",
            List.of("cloudtrail:GetTrail"), List.of("cloudtrail:UpdateTrail")),
    TRAIL_GLOBAL_EVENTS("trail.global-events", Scope.MEMBER, Severity.MEDIUM, "Trail records global service events",
            "IAM, STS and other global services' calls go unrecorded.",
            "UpdateTrail with IncludeGlobalServiceEvents true (trail repair mode does it).",
            List.of("cloudtrail:GetTrail"), List.of("cloudtrail:UpdateTrail")),
    TRAIL_LOG_VALIDATION("trail.log-validation", Scope.MEMBER, Severity.MEDIUM, "Log file validation is on",
            "Without digest files nobody can prove a log file was not changed or deleted.",
            "UpdateTrail with EnableLogFileValidation true (trail repair mode does it).",
            List.of("cloudtrail:GetTrail"), List.of("cloudtrail:UpdateTrail")),
    TRAIL_MANAGEMENT_EVENTS("trail.management-events", Scope.MEMBER, Severity.HIGH, "Trail records all management events",
            "Read or write management calls, or whole event sources, go unrecorded.",
            "PutEventSelectors restoring read and write management events, data selectors kept (trail repair mode does it).",
            List.of("cloudtrail:GetEventSelectors"), List.of("cloudtrail:PutEventSelectors")),
    TRAIL_DELIVERY("trail.delivery", Scope.MEMBER, Severity.HIGH, "Logs were delivered recently, without errors",
            "The trail says it logs, but files do not arrive: the logs are lost all the same.",
            "Read the delivery error; usually the central bucket or key policy refuses the trail (see the central checks).",
            List.of("cloudtrail:GetTrailStatus"), List.of()),

    BUCKET_EXISTS("bucket.exists", Scope.CENTRAL, Severity.HIGH, "Central bucket exists",
            "No trail can deliver: every member's logs are lost.",
            "Recreate the central bucket (and its policy); trail repairs are held until it is back.",
            List.of("s3:GetBucketPolicy"), List.of()),
    BUCKET_ACL_CHECK("bucket-policy.acl-check", Scope.CENTRAL, Severity.HIGH, "Bucket policy lets the trail check the bucket ACL",
            "CloudTrail refuses to deliver to a bucket whose ACL it may not read.",
            "Central repair mode adds the auditor's statement; or grant s3:GetBucketAcl to cloudtrail.amazonaws.com for the trail.",
            List.of("s3:GetBucketPolicy"), List.of("s3:PutBucketPolicy")),
    BUCKET_WRITE("bucket-policy.write", Scope.CENTRAL, Severity.HIGH, "Bucket policy lets the trail write its logs",
            "The trail's log or digest files are refused: its logs are lost.",
            "Central repair mode adds the auditor's statement; or grant s3:PutObject on AWSLogs/<account>/* for the trail.",
            List.of("s3:GetBucketPolicy"), List.of("s3:PutBucketPolicy")),
    KEY_ENCRYPT("key-policy.encrypt", Scope.CENTRAL, Severity.HIGH, "Key policy lets the trail encrypt its logs",
            "CloudTrail cannot take a data key: the trail's logs are not delivered.",
            "Central repair mode adds the auditor's statement; or grant kms:GenerateDataKey* to CloudTrail for the trail.",
            List.of("kms:GetKeyPolicy"), List.of("kms:PutKeyPolicy")),
    KEY_DESCRIBE("key-policy.describe", Scope.CENTRAL, Severity.HIGH, "Key policy lets the trail describe the key",
            "CloudTrail refuses a key it may not describe when the trail is created or updated.",
            "Central repair mode adds the auditor's statement; or grant kms:DescribeKey to CloudTrail for the trail.",
            List.of("kms:GetKeyPolicy"), List.of("kms:PutKeyPolicy")),
    KEY_DECRYPT("key-policy.decrypt", Scope.CENTRAL, Severity.MEDIUM, "Key policy lets the audit account decrypt the logs",
            "The logs arrive but the audit account cannot read them.",
            "Central repair mode adds the auditor's statement; or grant kms:Decrypt to the audit account for the members' logs.",
            List.of("kms:GetKeyPolicy"), List.of("kms:PutKeyPolicy")),
    BUCKET_EXPOSURE("bucket-policy.exposure", Scope.CENTRAL, Severity.HIGH, "Bucket policy lets in only CloudTrail, for registered trails, into their own folders",
            "Someone other than the member's trail can write, overwrite or read its log folder: logs can be forged or read.",
            "Narrow the named statements' Principal, Action, Resource or conditions; TIGHTEN_FOREIGN_GRANTS replaces CloudTrail-only ones.",
            List.of("s3:GetBucketPolicy"), List.of("s3:PutBucketPolicy")),
    KEY_EXPOSURE("key-policy.exposure", Scope.CENTRAL, Severity.HIGH, "Key policy lets in only CloudTrail for registered trails and the audit account",
            "Someone else can use or manage the key: decrypt the logs, or encrypt forged ones.",
            "Narrow the named statements' Principal, Action or conditions; TIGHTEN_FOREIGN_GRANTS replaces CloudTrail-only ones.",
            List.of("kms:GetKeyPolicy"), List.of("kms:PutKeyPolicy")),
    KEY_USABLE("key.usable", Scope.CENTRAL, Severity.HIGH, "Central key is enabled and not pending deletion",
            "A disabled key stops every trail's delivery; a deleted one makes every log it encrypted unreadable.",
            "Enable the key, or cancel its deletion; trail repairs and key policy writes are held until then.",
            List.of("kms:DescribeKey"), List.of()),
    STALE_GRANT("registry.stale-grant", Scope.CENTRAL, Severity.LOW, "Policies grant only registered accounts",
            "An account no longer registered can still deliver logs, or be mistaken for a member.",
            "Register the account again, or remove its grants (REMOVE_STALE_GRANTS in central repair mode).",
            List.of("s3:GetBucketPolicy", "kms:GetKeyPolicy", "events:DescribeEventBus"),
            List.of("s3:PutBucketPolicy", "kms:PutKeyPolicy", "events:PutPermission")),
    BUS_PUT_EVENTS("bus-policy.put-events", Scope.CENTRAL, Severity.HIGH, "Event bus policy lets the member forward its trail changes",
            "The member's trail changes are refused by the auditor's bus: a stopped trail waits for the nightly run instead of minutes.",
            "Central repair mode adds the member's account to the auditor's statement; or allow events:PutEvents on the bus to the member account.",
            List.of("events:DescribeEventBus"), List.of("events:PutPermission")),
    BUS_EXPOSURE("bus-policy.exposure", Scope.CENTRAL, Severity.HIGH, "Event bus policy lets in only registered accounts",
            "Others can put events on the auditor's bus: anyone can flood it and start runs; an unregistered account only starts re-checks that ignore it.",
            "Narrow the named statements' Principal to the registered accounts, or remove them; the auditor never changes them.",
            List.of("events:DescribeEventBus"), List.of());

    /** Member checks run with the member role (or the function's own role for the audit account). */
    public enum Scope { MEMBER, CENTRAL }

    private final String id;
    private final Scope scope;
    private final Severity severity;
    private final String title;
    private final String risk;
    private final String remediation;
    private final List<String> permissions;
    private final List<String> fixPermissions;

    Check(String id, Scope scope, Severity severity, String title, String risk, String remediation, List<String> permissions,
          List<String> fixPermissions) {
        this.id = id;
        this.scope = scope;
        this.severity = severity;
        this.title = title;
        this.risk = risk;
        this.remediation = remediation;
        this.permissions = permissions;
        this.fixPermissions = fixPermissions;
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

    /** What is lost or exposed while it fails. */
    public String risk() {
        return risk;
    }

    /** How to put it right, and whether the auditor does it. */
    public String remediation() {
        return remediation;
    }

    /** Exposure checks say who else gets in; the others whether CloudTrail can deliver. */
    public boolean exposure() {
        return this == BUCKET_EXPOSURE || this == KEY_EXPOSURE || this == BUS_EXPOSURE;
    }

    public List<String> permissions() {
        return permissions;
    }

    /** The IAM actions its repairs write with; none for a control the auditor only reports. */
    public List<String> fixPermissions() {
        return fixPermissions;
    }

    /** The IAM actions all checks of a scope read with, sorted. */
    public static List<String> permissions(Scope scope) {
        return Arrays.stream(values()).filter(c -> c.scope == scope)
                .flatMap(c -> c.permissions.stream()).distinct().sorted().toList();
    }

    /** The IAM actions the repairs of a scope's checks write with, sorted: what repair mode adds to a role. */
    public static List<String> fixPermissions(Scope scope) {
        return Arrays.stream(values()).filter(c -> c.scope == scope)
                .flatMap(c -> c.fixPermissions.stream()).distinct().sorted().toList();
    }
}
