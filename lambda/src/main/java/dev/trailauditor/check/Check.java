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
    // Read with the function's own role, from the central bucket: ListObjectsV2 needs s3:ListBucket
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html), HeadObject s3:GetObject
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html).
    DELIVERY_ARRIVED("delivery.arrived", Scope.MEMBER, Severity.HIGH, "Log files arrive in the central bucket, encrypted with the central key",
            "Whatever the trail says, the audit account holds no recent log files of the member: its logs are lost, deleted or unreadable.",
            "Find where the files go (trail.bucket, trail.prefix, trail.kms-key, the central policies) or who deletes them; the auditor only reports this.",
            List.of("s3:GetObject", "s3:ListBucket"), List.of()),

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
    // A tightening first lists who else delivers into the bucket (ListObjectsV2: s3:ListBucket), in a dry run too.
    BUCKET_EXPOSURE("bucket-policy.exposure", Scope.CENTRAL, Severity.HIGH, "Bucket policy lets in only CloudTrail, for registered trails, into their own folders",
            "Someone other than the member's trail can write, overwrite or read its log folder: logs can be forged or read.",
            "Narrow the named statements' Principal, Action, Resource or conditions; TIGHTEN_FOREIGN_GRANTS replaces CloudTrail-only ones.",
            List.of("s3:GetBucketPolicy", "s3:ListBucket"), List.of("s3:PutBucketPolicy")),
    KEY_EXPOSURE("key-policy.exposure", Scope.CENTRAL, Severity.HIGH, "Key policy lets in only CloudTrail for registered trails and the audit account",
            "Someone else can use or manage the key: decrypt the logs, or encrypt forged ones.",
            "Narrow the named statements' Principal, Action or conditions; TIGHTEN_FOREIGN_GRANTS replaces CloudTrail-only ones.",
            List.of("kms:GetKeyPolicy", "s3:ListBucket"), List.of("kms:PutKeyPolicy")),
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
            List.of("events:DescribeEventBus"), List.of()),

    // Central hardening (see CentralHardening): what Security Hub and CIS ask of a log bucket and key; reported, never repaired.
    // Control numbers: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html and kms-controls.html.
    BUCKET_PUBLIC_ACCESS_BLOCK("bucket.public-access-block", Scope.CENTRAL, Severity.HIGH, "Bucket blocks public access (all four settings)",
            "Without Block Public Access, one policy or ACL edit can open every member's logs to the internet.",
            "Turn on all four Block Public Access settings of the bucket (Security Hub S3.8; CIS: the CloudTrail bucket is not public).",
            List.of("s3:GetBucketPublicAccessBlock"), List.of()),
    BUCKET_PUBLIC_POLICY("bucket.public-policy", Scope.CENTRAL, Severity.CRITICAL, "S3 rates the bucket policy not public",
            "Anyone can read, overwrite or delete log files through the bucket policy.",
            "Remove or narrow the statements that grant \"*\" without a fixed source (Security Hub S3.2, S3.3; CIS: the CloudTrail bucket is not public).",
            List.of("s3:GetBucketPolicyStatus"), List.of()),
    BUCKET_PUBLIC_ACL("bucket.public-acl", Scope.CENTRAL, Severity.CRITICAL, "Bucket ACL grants nothing to all users or all AWS accounts",
            "Anyone (AllUsers), or any AWS account (AuthenticatedUsers), can list or read the logs through the ACL.",
            "Remove the AllUsers and AuthenticatedUsers grants, best by setting Object Ownership to BucketOwnerEnforced (Security Hub S3.2, S3.3, S3.12).",
            List.of("s3:GetBucketAcl"), List.of()),
    BUCKET_TLS_ONLY("bucket.tls-only", Scope.CENTRAL, Severity.MEDIUM, "Bucket policy denies requests without TLS",
            "Log files and the bucket's settings can be read or changed over plain HTTP.",
            "Add a Deny of s3:* on the bucket and its objects for any principal when aws:SecureTransport is false (Security Hub S3.5; CIS: deny HTTP requests).",
            List.of("s3:GetBucketPolicy"), List.of()),
    BUCKET_VERSIONING("bucket.versioning", Scope.CENTRAL, Severity.MEDIUM, "Bucket versioning is enabled (Object Lock reported when set)",
            "A deleted or overwritten log file is gone for good: an intruder can erase their tracks.",
            "Enable versioning on the bucket (Security Hub S3.14); Object Lock, if used, must stay enabled (S3.15).",
            List.of("s3:GetBucketVersioning", "s3:GetBucketObjectLockConfiguration"), List.of()),
    BUCKET_ACCESS_LOGGING("bucket.access-logging", Scope.CENTRAL, Severity.MEDIUM, "Bucket server access logging is on",
            "Nobody can tell who read, changed or deleted log files.",
            "Turn on server access logging to another bucket (Security Hub S3.9; CIS: access logging on the CloudTrail bucket).",
            List.of("s3:GetBucketLogging"), List.of()),
    BUCKET_DEFAULT_ENCRYPTION("bucket.default-encryption", Scope.CENTRAL, Severity.MEDIUM, "Bucket encrypts by default with the central key",
            "Objects written without their own encryption are not under the central key's policy.",
            "Set the bucket's default encryption to SSE-KMS with the central key's ARN; the bucket key is optional (Security Hub S3.17).",
            List.of("s3:GetEncryptionConfiguration"), List.of()),
    BUCKET_OBJECT_OWNERSHIP("bucket.object-ownership", Scope.CENTRAL, Severity.MEDIUM, "Bucket owner enforced: ACLs are disabled",
            "With ACLs on, a writer can keep objects or grant access outside the bucket policy.",
            "Set Object Ownership to BucketOwnerEnforced; CloudTrail's bucket-owner-full-control writes still succeed (Security Hub S3.12).",
            List.of("s3:GetBucketOwnershipControls"), List.of()),
    KEY_ROTATION("key.rotation", Scope.CENTRAL, Severity.MEDIUM, "Central key rotates its key material",
            "Key material in use for years makes a leak of it worth more.",
            "Enable automatic key rotation on the central key (Security Hub KMS.4; CIS: rotation for customer-created keys).",
            List.of("kms:GetKeyRotationStatus"), List.of()),

    // Log custody (see LogCustody): who else can read or drop the logs outside the policies, and whether an alarm is heard;
    // reported, never repaired. Action names: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html,
    // list_amazons3.html (GetBucketLifecycleConfiguration is s3:GetLifecycleConfiguration, GetBucketReplication
    // s3:GetReplicationConfiguration) and list_amazonsns.html.
    KEY_GRANTS("key.grants", Scope.CENTRAL, Severity.HIGH, "No grant lets anyone use the central key",
            "A grant gives Decrypt, GenerateDataKey or CreateGrant beside the key policy, which does not show it: the grantee reads every log or encrypts forged ones (HIGH, as key-policy.exposure).",
            "Revoke the named grants (RevokeGrant, or RetireGrant by the retiring principal); CloudTrail and the audit account need none, they use the key through its policy.",
            List.of("kms:ListGrants"), List.of()),
    BUCKET_LIFECYCLE("bucket.lifecycle", Scope.CENTRAL, Severity.HIGH, "No lifecycle rule expires log files before LOG_RETENTION_DAYS",
            "S3 itself deletes the logs on schedule, before the retention the audit must keep: the evidence is gone without anyone deleting it (HIGH: certain loss).",
            "Raise the named rules' Expiration and NoncurrentVersionExpiration to at least LOG_RETENTION_DAYS, narrow their filter away from AWSLogs/, or disable them.",
            List.of("s3:GetLifecycleConfiguration"), List.of()),
    BUCKET_REPLICATION("bucket.replication", Scope.CENTRAL, Severity.HIGH, "The bucket replicates no log file to another account",
            "Every replicated log has a copy that the other account reads, keeps or deletes as it likes: the logs leave the audit account's control (HIGH; MEDIUM when the destination's owner is not stated).",
            "Remove or disable the named rules, or narrow their filter away from AWSLogs/; a destination in the audit account passes once its rule names Destination.Account.",
            List.of("s3:GetReplicationConfiguration"), List.of()),
    REPORT_SUBSCRIBERS("report.subscribers", Scope.CENTRAL, Severity.HIGH, "Someone has confirmed a subscription to the report topic",
            "Reports and alarms, the dead-man's switch included, go to a topic nobody hears: every other failure goes unnoticed (HIGH).",
            "Subscribe someone to the report topic (ReportEmail) and confirm the subscription mail; a pending subscription hears nothing.",
            List.of("sns:GetTopicAttributes"), List.of());

    /**
     * Member checks judge one member, read with its role (the function's own for the audit account, and
     * for {@link #readsWithOwnRole()} the central bucket's view); central checks the audit account's own resources.
     */
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

    /** A member control that reads the central bucket with the function's own role, never the member's. */
    public boolean readsWithOwnRole() {
        return this == DELIVERY_ARRIVED;
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

    /** The IAM actions the member role reads with, sorted: the member checks' reads but those made with the function's own role. */
    public static List<String> memberRolePermissions() {
        return Arrays.stream(values()).filter(c -> c.scope == Scope.MEMBER && !c.readsWithOwnRole())
                .flatMap(c -> c.permissions.stream()).distinct().sorted().toList();
    }

    /** The IAM actions the repairs of a scope's checks write with, sorted: what repair mode adds to a role. */
    public static List<String> fixPermissions(Scope scope) {
        return Arrays.stream(values()).filter(c -> c.scope == scope)
                .flatMap(c -> c.fixPermissions.stream()).distinct().sorted().toList();
    }
}
