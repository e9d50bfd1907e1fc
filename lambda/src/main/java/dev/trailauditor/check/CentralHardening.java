package dev.trailauditor.check;

import dev.trailauditor.observe.CentralSettings;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.AccessRequest;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.PolicyDecision;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyEvaluator;
import dev.trailauditor.policy.RequestPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.OwnershipControls;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;
import software.amazon.awssdk.services.s3.model.PolicyStatus;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * The central hardening controls: what Security Hub and CIS ask of a log bucket and its key, judged
 * as pure functions of the settings read. They are reported, never repaired, and they do not hold
 * trail repairs: a weak setting loses no log, it only makes the logs easier to read, change or lose.
 */
public final class CentralHardening {
    /** The hardening controls, in the order they are reported. */
    public static final Set<Check> CONTROLS = EnumSet.of(Check.BUCKET_PUBLIC_ACCESS_BLOCK, Check.BUCKET_PUBLIC_POLICY,
            Check.BUCKET_PUBLIC_ACL, Check.BUCKET_TLS_ONLY, Check.BUCKET_VERSIONING, Check.BUCKET_ACCESS_LOGGING,
            Check.BUCKET_DEFAULT_ENCRYPTION, Check.BUCKET_OBJECT_OWNERSHIP, Check.KEY_ROTATION);

    /** The ACL grantee groups that open a bucket: anyone, and any AWS account (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups). */
    static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

    private final CentralTarget target;

    public CentralHardening(CentralTarget target) {
        this.target = target;
    }

    /** A hardening control, or a log custody one ({@link LogCustody}): reported, never repaired, no hold on trails. */
    public static boolean covers(Check check) {
        return CONTROLS.contains(check) || LogCustody.covers(check);
    }

    /**
     * @param bucketPolicy the bucket policy as parsed (an empty policy when the bucket has none); failed when it could
     *                     not be read or understood, or the bucket does not exist
     */
    public List<CheckResult> evaluate(CentralSettings settings, Observation<PolicyDocument> bucketPolicy) {
        List<CheckResult> results = new ArrayList<>();
        results.add(judged(Check.BUCKET_PUBLIC_ACCESS_BLOCK, "all four Block Public Access settings on",
                settings.publicAccessBlock(), CentralHardening::publicAccessBlock));
        results.add(judged(Check.BUCKET_PUBLIC_POLICY, "S3 rates the bucket policy not public",
                settings.policyStatus(), CentralHardening::policyStatus));
        results.add(settings.aclGrants().ok() ? publicAcl(settings.aclGrants().value())
                : CheckResult.unreachable(Check.BUCKET_PUBLIC_ACL, null, PUBLIC_ACL_EXPECTED, settings.aclGrants().failure()));
        results.add(judged(Check.BUCKET_TLS_ONLY, TLS_EXPECTED, bucketPolicy, this::tlsOnly));
        results.add(versioning(settings.versioning(), settings.objectLock()));
        results.add(judged(Check.BUCKET_ACCESS_LOGGING, "server access logging on",
                settings.logging(), CentralHardening::logging));
        results.add(judged(Check.BUCKET_DEFAULT_ENCRYPTION, "SSE-KMS with " + target.keyArn(),
                settings.encryption(), this::encryption));
        results.add(judged(Check.BUCKET_OBJECT_OWNERSHIP, "BucketOwnerEnforced (ACLs disabled)",
                settings.ownership(), CentralHardening::ownership));
        results.add(judged(Check.KEY_ROTATION, "automatic rotation enabled", settings.keyRotation(), CentralHardening::rotation));
        return results;
    }

    /** What a setting's value makes of the control: PASS or FAIL, and what was found. */
    record Verdict(boolean passes, String actual) {
        static Verdict pass(String actual) {
            return new Verdict(true, actual);
        }

        static Verdict fail(String actual) {
            return new Verdict(false, actual);
        }
    }

    static <T> CheckResult judged(Check check, String expected, Observation<T> read, Function<T, Verdict> judge) {
        if (!read.ok()) {
            return CheckResult.unreachable(check, null, expected, read.failure());
        }
        Verdict verdict = judge.apply(read.value());
        return verdict.passes() ? CheckResult.pass(check, null, expected, verdict.actual())
                : CheckResult.fail(check, null, expected, verdict.actual());
    }

    private static Verdict publicAccessBlock(Optional<PublicAccessBlockConfiguration> configured) {
        if (configured.isEmpty()) {
            return Verdict.fail("no Block Public Access configuration on the bucket");
        }
        PublicAccessBlockConfiguration block = configured.get();
        Map<String, Boolean> settings = new java.util.LinkedHashMap<>();
        settings.put("BlockPublicAcls", block.blockPublicAcls());
        settings.put("IgnorePublicAcls", block.ignorePublicAcls());
        settings.put("BlockPublicPolicy", block.blockPublicPolicy());
        settings.put("RestrictPublicBuckets", block.restrictPublicBuckets());
        List<String> off = settings.entrySet().stream().filter(e -> !Boolean.TRUE.equals(e.getValue())).map(Map.Entry::getKey).toList();
        return off.isEmpty() ? Verdict.pass("all four on") : Verdict.fail("off: " + String.join(", ", off));
    }

    private static Verdict policyStatus(Optional<PolicyStatus> status) {
        if (status.isEmpty()) {
            return Verdict.pass("the bucket has no policy");
        }
        return Boolean.TRUE.equals(status.get().isPublic())
                ? Verdict.fail("S3 rates the bucket policy public (GetBucketPolicyStatus IsPublic true)")
                : Verdict.pass("S3 rates the bucket policy not public");
    }

    private static final String PUBLIC_ACL_EXPECTED = "no ACL grant to AllUsers or AuthenticatedUsers";

    /** A grant to AllUsers lets anyone in (CRITICAL); to AuthenticatedUsers any AWS account (HIGH). */
    private static CheckResult publicAcl(List<Grant> grants) {
        List<String> open = grants.stream().filter(g -> g.grantee() != null && isPublicGroup(g.grantee().uri()))
                .map(g -> group(g.grantee().uri()) + " " + g.permissionAsString()).distinct().toList();
        if (open.isEmpty()) {
            return CheckResult.pass(Check.BUCKET_PUBLIC_ACL, null, PUBLIC_ACL_EXPECTED, "no public grant");
        }
        Severity severity = open.stream().anyMatch(g -> g.startsWith("AllUsers")) ? Severity.CRITICAL : Severity.HIGH;
        return new CheckResult(Check.BUCKET_PUBLIC_ACL, null, Outcome.FAIL, PUBLIC_ACL_EXPECTED,
                "the ACL grants " + String.join(", ", open), severity);
    }

    private static boolean isPublicGroup(String uri) {
        return ALL_USERS.equals(uri) || AUTHENTICATED_USERS.equals(uri);
    }

    private static String group(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    private static final String TLS_EXPECTED = "every request without TLS denied, whoever sends it";

    /**
     * Judged by the policy evaluator, not by matching text: reads, writes and deletes of a log object and a listing
     * of the bucket, each sent with aws:SecureTransport false by an anonymous caller and by the audit account, must
     * meet an explicit Deny (an implicit one is no guard: an identity policy can still allow the call). The key is
     * false for a request over plain HTTP (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport).
     */
    private Verdict tlsOnly(PolicyDocument policy) {
        String logObject = target.objectArn("AWSLogs/" + target.auditAccountId() + "/CloudTrail/log.json.gz");
        List<AccessRequest> probes = new ArrayList<>();
        for (RequestPrincipal who : List.of(RequestPrincipal.anonymous(), RequestPrincipal.account(target.auditAccountId()))) {
            for (String action : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) {
                probes.add(overHttp(who, action, logObject));
            }
            probes.add(overHttp(who, "s3:ListBucket", target.bucketArn()));
        }
        List<String> denying = new ArrayList<>();
        for (AccessRequest probe : probes) {
            PolicyDecision decision = PolicyEvaluator.decide(policy, probe);
            if (decision.decision() != PolicyDecision.Decision.EXPLICIT_DENY) {
                return Verdict.fail(probe.describe() + " over plain HTTP is not denied" + (decision.allowed()
                        ? " (allowed by " + decision.statementNames() + ")" : " (no Deny statement applies)"));
            }
            denying.add(decision.statementNames());
        }
        return Verdict.pass("denied by " + denying.stream().distinct().collect(Collectors.joining(", ")));
    }

    private static AccessRequest overHttp(RequestPrincipal who, String action, String resource) {
        return AccessRequest.of(who, action, resource).withContext("aws:SecureTransport", "false");
    }

    /**
     * Versioning must be Enabled (never enabled: no Status at all). Object Lock is optional; when the bucket has
     * a configuration, its default retention is reported, and a configuration whose ObjectLockEnabled is not
     * Enabled fails: someone meant to lock the logs and they are not locked.
     */
    private static CheckResult versioning(Observation<GetBucketVersioningResponse> versioning,
                                          Observation<Optional<ObjectLockConfiguration>> objectLock) {
        String expected = "versioning Enabled; Object Lock, when configured, enabled";
        if (!versioning.ok() || !objectLock.ok()) {
            return CheckResult.unreachable(Check.BUCKET_VERSIONING, null, expected,
                    versioning.ok() ? objectLock.failure() : versioning.failure());
        }
        String status = versioning.value().statusAsString();
        String lock = objectLock.value().map(CentralHardening::describeLock).orElse("no Object Lock");
        String actual = "versioning " + (status == null ? "never enabled" : status)
                + (versioning.value().mfaDeleteAsString() == null ? "" : ", MFA delete " + versioning.value().mfaDeleteAsString())
                + "; " + lock;
        boolean lockBroken = objectLock.value().filter(l -> !"Enabled".equals(l.objectLockEnabledAsString())).isPresent();
        return "Enabled".equals(status) && !lockBroken ? CheckResult.pass(Check.BUCKET_VERSIONING, null, expected, actual)
                : CheckResult.fail(Check.BUCKET_VERSIONING, null, expected, actual);
    }

    private static String describeLock(ObjectLockConfiguration lock) {
        String enabled = lock.objectLockEnabledAsString();
        if (!"Enabled".equals(enabled)) {
            return "Object Lock configured but not enabled (ObjectLockEnabled " + enabled + ")";
        }
        DefaultRetention retention = lock.rule() == null ? null : lock.rule().defaultRetention();
        if (retention == null) {
            return "Object Lock enabled, no default retention";
        }
        String period = retention.years() != null ? retention.years() + " years" : retention.days() + " days";
        return "Object Lock enabled, default retention " + retention.modeAsString() + " " + period;
    }

    private static Verdict logging(Optional<LoggingEnabled> logging) {
        return logging.map(l -> Verdict.pass("logging to s3://" + l.targetBucket() + "/" + Optional.ofNullable(l.targetPrefix()).orElse("")))
                .orElseGet(() -> Verdict.fail("server access logging is off"));
    }

    /**
     * SSE-KMS (aws:kms, or its dual-layer aws:kms:dsse) with the central key, named by ARN or key id; an alias
     * cannot be told to be the central key without another call, so it fails with that said
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionByDefault.html).
     */
    private Verdict encryption(Optional<ServerSideEncryptionConfiguration> configured) {
        Optional<ServerSideEncryptionRule> rule = configured.flatMap(c -> c.rules().stream().findFirst());
        if (rule.isEmpty() || rule.get().applyServerSideEncryptionByDefault() == null) {
            return Verdict.fail("no default encryption configured");
        }
        ServerSideEncryptionByDefault byDefault = rule.get().applyServerSideEncryptionByDefault();
        String algorithm = byDefault.sseAlgorithmAsString();
        String key = byDefault.kmsMasterKeyID();
        String bucketKey = Boolean.TRUE.equals(rule.get().bucketKeyEnabled()) ? ", bucket key on" : "";
        if (!algorithm.startsWith("aws:kms")) {
            return Verdict.fail(algorithm + " (S3-managed keys), not the central key");
        }
        if (key == null) {
            return Verdict.fail(algorithm + " with the AWS managed key aws/s3, not the central key");
        }
        String keyId = Arn.parse(target.keyArn()).map(Arn::resourceName).orElse(target.keyArn());
        if (key.equals(target.keyArn()) || key.equals(keyId)) {
            return Verdict.pass(algorithm + " with the central key" + bucketKey);
        }
        return Verdict.fail(algorithm + " with " + key + (key.contains("alias/")
                ? " (an alias: name the central key by its ARN)" : ", not the central key"));
    }

    private static Verdict ownership(Optional<OwnershipControls> controls) {
        String setting = controls.flatMap(c -> c.rules().stream().findFirst()).map(OwnershipControlsRule::objectOwnershipAsString)
                .orElse(null);
        if (setting == null) {
            return Verdict.fail("no Object Ownership setting: ACLs are on and objects belong to their writer");
        }
        return "BucketOwnerEnforced".equals(setting) ? Verdict.pass(setting) : Verdict.fail(setting + ": ACLs are on");
    }

    private static Verdict rotation(GetKeyRotationStatusResponse rotation) {
        if (!Boolean.TRUE.equals(rotation.keyRotationEnabled())) {
            return Verdict.fail("automatic rotation disabled");
        }
        return Verdict.pass("enabled" + (rotation.rotationPeriodInDays() == null ? ""
                : ", every " + rotation.rotationPeriodInDays() + " days"));
    }
}
