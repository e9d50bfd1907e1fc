package dev.trailauditor.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.observe.CentralSettings;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.LogPrefix;
import dev.trailauditor.policy.PolicyDocument;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.MFADeleteStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.OwnershipControls;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.PolicyStatus;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.Type;

/** Each hardening control on its own: passing, failing, not configured, and unreadable. */
class CentralHardeningTest {
    private static final String AUDIT = "111111111111";
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String KEY = "arn:aws:kms:eu-west-1:" + AUDIT + ":key/" + KEY_ID;
    private static final CentralTarget TARGET = new CentralTarget("aws", "central-trail-logs", LogPrefix.of("org"), KEY, AUDIT,
            Instant.parse("2026-11-29T03:00:00Z"));
    private static final String DENY_HTTP = """
            {"Sid":"DenyPlainHttp","Effect":"Deny","Principal":"*","Action":"s3:*",
             "Resource":["arn:aws:s3:::central-trail-logs","arn:aws:s3:::central-trail-logs/*"],
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}}""";
    private static final String DENIED = "AccessDenied: Access Denied";

    private static CentralSettings hardened() {
        return new CentralSettings(
                Observation.of(Optional.of(PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true)
                        .blockPublicPolicy(true).restrictPublicBuckets(true).build())),
                Observation.of(Optional.of(PolicyStatus.builder().isPublic(false).build())),
                Observation.of(List.of(ownerGrant())),
                Observation.of(GetBucketVersioningResponse.builder().status(BucketVersioningStatus.ENABLED).build()),
                Observation.of(Optional.empty()),
                Observation.of(Optional.of(LoggingEnabled.builder().targetBucket("access-logs").targetPrefix("central/").build())),
                Observation.of(Optional.of(kmsEncryption(KEY))),
                Observation.of(Optional.of(ownership(ObjectOwnership.BUCKET_OWNER_ENFORCED))),
                Observation.of(GetKeyRotationStatusResponse.builder().keyRotationEnabled(true).rotationPeriodInDays(365).build()));
    }

    private static Observation<PolicyDocument> policy(String... statements) {
        return Observation.of(PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}"));
    }

    private static Grant ownerGrant() {
        return Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id("owner").build())
                .permission(Permission.FULL_CONTROL).build();
    }

    private static Grant groupGrant(String uri, Permission permission) {
        return Grant.builder().grantee(Grantee.builder().type(Type.GROUP).uri(uri).build()).permission(permission).build();
    }

    private static ServerSideEncryptionConfiguration kmsEncryption(String key) {
        return ServerSideEncryptionConfiguration.builder().rules(r -> r.bucketKeyEnabled(true)
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(key))).build();
    }

    private static OwnershipControls ownership(ObjectOwnership setting) {
        return OwnershipControls.builder().rules(r -> r.objectOwnership(setting)).build();
    }

    /** The result of one control, with every other setting hardened. */
    private static CheckResult result(Check check, CentralSettings settings, Observation<PolicyDocument> bucketPolicy) {
        List<CheckResult> results = new CentralHardening(TARGET).evaluate(settings, bucketPolicy);
        assertThat(results).extracting(CheckResult::check).containsExactlyElementsOf(CentralHardening.CONTROLS);
        assertThat(results).allSatisfy(r -> assertThat(r.account()).as("about the central bucket or key").isNull());
        assertThat(results).filteredOn(r -> r.check() != check).extracting(CheckResult::outcome)
                .as("the other controls").containsOnly(Outcome.PASS);
        return results.stream().filter(r -> r.check() == check).findFirst().orElseThrow();
    }

    private static CheckResult result(Check check, UnaryOperator<Settings> change) {
        return result(check, change.apply(new Settings(hardened())).build(), policy(DENY_HTTP));
    }

    /** A hardened settings record with one of its reads replaced. */
    private record Settings(CentralSettings s) {
        Settings publicAccessBlock(Observation<Optional<PublicAccessBlockConfiguration>> v) {
            return new Settings(new CentralSettings(v, s.policyStatus(), s.aclGrants(), s.versioning(), s.objectLock(), s.logging(),
                    s.encryption(), s.ownership(), s.keyRotation()));
        }

        Settings policyStatus(Observation<Optional<PolicyStatus>> v) {
            return new Settings(new CentralSettings(s.publicAccessBlock(), v, s.aclGrants(), s.versioning(), s.objectLock(),
                    s.logging(), s.encryption(), s.ownership(), s.keyRotation()));
        }

        Settings acl(Observation<List<Grant>> v) {
            return new Settings(new CentralSettings(s.publicAccessBlock(), s.policyStatus(), v, s.versioning(), s.objectLock(),
                    s.logging(), s.encryption(), s.ownership(), s.keyRotation()));
        }

        Settings versioning(Observation<GetBucketVersioningResponse> v, Observation<Optional<ObjectLockConfiguration>> lock) {
            return new Settings(new CentralSettings(s.publicAccessBlock(), s.policyStatus(), s.aclGrants(), v, lock,
                    s.logging(), s.encryption(), s.ownership(), s.keyRotation()));
        }

        Settings logging(Observation<Optional<LoggingEnabled>> v) {
            return new Settings(new CentralSettings(s.publicAccessBlock(), s.policyStatus(), s.aclGrants(), s.versioning(),
                    s.objectLock(), v, s.encryption(), s.ownership(), s.keyRotation()));
        }

        Settings encryption(Observation<Optional<ServerSideEncryptionConfiguration>> v) {
            return new Settings(new CentralSettings(s.publicAccessBlock(), s.policyStatus(), s.aclGrants(), s.versioning(),
                    s.objectLock(), s.logging(), v, s.ownership(), s.keyRotation()));
        }

        Settings ownership(Observation<Optional<OwnershipControls>> v) {
            return new Settings(new CentralSettings(s.publicAccessBlock(), s.policyStatus(), s.aclGrants(), s.versioning(),
                    s.objectLock(), s.logging(), s.encryption(), v, s.keyRotation()));
        }

        Settings rotation(Observation<GetKeyRotationStatusResponse> v) {
            return new Settings(new CentralSettings(s.publicAccessBlock(), s.policyStatus(), s.aclGrants(), s.versioning(),
                    s.objectLock(), s.logging(), s.encryption(), s.ownership(), v));
        }

        CentralSettings build() {
            return s;
        }
    }

    private static void assertOutcome(CheckResult result, Outcome outcome, String actual) {
        assertThat(result.outcome()).as(result.toString()).isEqualTo(outcome);
        assertThat(result.actual()).isEqualTo(actual);
    }

    @Test
    void aHardenedBucketAndKeyPassEveryControl() {
        List<CheckResult> results = new CentralHardening(TARGET).evaluate(hardened(), policy(DENY_HTTP));

        assertThat(results).extracting(CheckResult::outcome).containsOnly(Outcome.PASS);
        assertThat(results).extracting(CheckResult::actual).containsExactly("all four on", "S3 rates the bucket policy not public",
                "no public grant", "denied by statement 'DenyPlainHttp' (#1)", "versioning Enabled; no Object Lock",
                "logging to s3://access-logs/central/", "aws:kms with the central key, bucket key on", "BucketOwnerEnforced",
                "enabled, every 365 days");
    }

    @Test
    void blockPublicAccess() {
        assertOutcome(result(Check.BUCKET_PUBLIC_ACCESS_BLOCK, s -> s.publicAccessBlock(Observation.of(Optional.of(
                PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(false).build())))),
                Outcome.FAIL, "off: BlockPublicPolicy, RestrictPublicBuckets");
        assertOutcome(result(Check.BUCKET_PUBLIC_ACCESS_BLOCK, s -> s.publicAccessBlock(Observation.of(Optional.empty()))),
                Outcome.FAIL, "no Block Public Access configuration on the bucket");
        assertOutcome(result(Check.BUCKET_PUBLIC_ACCESS_BLOCK, s -> s.publicAccessBlock(Observation.failed(DENIED))),
                Outcome.UNREACHABLE, DENIED);
    }

    @Test
    void publicPolicyAsS3RatesIt() {
        assertOutcome(result(Check.BUCKET_PUBLIC_POLICY, s -> s.policyStatus(Observation.of(Optional.of(
                PolicyStatus.builder().isPublic(true).build())))), Outcome.FAIL,
                "S3 rates the bucket policy public (GetBucketPolicyStatus IsPublic true)");
        assertOutcome(result(Check.BUCKET_PUBLIC_POLICY, s -> s.policyStatus(Observation.of(Optional.empty()))),
                Outcome.PASS, "the bucket has no policy");
        assertOutcome(result(Check.BUCKET_PUBLIC_POLICY, s -> s.policyStatus(Observation.failed(DENIED))), Outcome.UNREACHABLE, DENIED);
    }

    @Test
    void publicAclGrantsAreAsGraveAsWhoTheyLetIn() {
        CheckResult anyone = result(Check.BUCKET_PUBLIC_ACL, s -> s.acl(Observation.of(List.of(ownerGrant(),
                groupGrant(CentralHardening.ALL_USERS, Permission.READ), groupGrant(CentralHardening.AUTHENTICATED_USERS, Permission.WRITE)))));
        assertOutcome(anyone, Outcome.FAIL, "the ACL grants AllUsers READ, AuthenticatedUsers WRITE");
        assertThat(anyone.severity()).isEqualTo(Severity.CRITICAL);

        CheckResult anyAccount = result(Check.BUCKET_PUBLIC_ACL, s -> s.acl(Observation.of(List.of(
                groupGrant(CentralHardening.AUTHENTICATED_USERS, Permission.READ)))));
        assertThat(anyAccount.severity()).as("any AWS account, not anyone").isEqualTo(Severity.HIGH);
        assertOutcome(result(Check.BUCKET_PUBLIC_ACL, s -> s.acl(Observation.of(List.of(groupGrant(
                "http://acs.amazonaws.com/groups/s3/LogDelivery", Permission.WRITE))))), Outcome.PASS, "no public grant");
        assertOutcome(result(Check.BUCKET_PUBLIC_ACL, s -> s.acl(Observation.failed(DENIED))), Outcome.UNREACHABLE, DENIED);
    }

    @Test
    void tlsOnlyIsJudgedByTheEvaluatorNotByTheText() {
        // Only object requests denied: a listing over plain HTTP gets through.
        String objectsOnly = DENY_HTTP.replace("[\"arn:aws:s3:::central-trail-logs\",", "[");
        assertOutcome(result(Check.BUCKET_TLS_ONLY, hardened(), policy(objectsOnly)), Outcome.FAIL,
                "s3:ListBucket on arn:aws:s3:::central-trail-logs by an anonymous caller over plain HTTP is not denied"
                        + " (no Deny statement applies)");
        // The right words with the wrong value deny HTTPS, not HTTP.
        assertThat(result(Check.BUCKET_TLS_ONLY, hardened(), policy(DENY_HTTP.replace("\"false\"", "\"true\""))).outcome())
                .isEqualTo(Outcome.FAIL);
        // {"AWS":"*"} in a Deny covers anonymous callers too, as "*" does.
        assertThat(result(Check.BUCKET_TLS_ONLY, hardened(), policy(DENY_HTTP.replace("\"Principal\":\"*\"",
                "\"Principal\":{\"AWS\":\"*\"}"))).outcome()).isEqualTo(Outcome.PASS);
        // A public Allow with no Deny: the failure names what lets the request in.
        String publicRead = """
                {"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::central-trail-logs/*"}""";
        assertThat(new CentralHardening(TARGET).evaluate(hardened(), policy(publicRead)))
                .filteredOn(r -> r.check() == Check.BUCKET_TLS_ONLY).singleElement()
                .satisfies(r -> assertThat(r.actual()).isEqualTo("s3:GetObject on arn:aws:s3:::central-trail-logs/org/AWSLogs/"
                        + AUDIT + "/CloudTrail/log.json.gz by an anonymous caller over plain HTTP is not denied"
                        + " (allowed by statement 'PublicRead' (#1))"));
        assertOutcome(result(Check.BUCKET_TLS_ONLY, hardened(), Observation.failed(DENIED)), Outcome.UNREACHABLE, DENIED);
    }

    @Test
    void noBucketPolicyDeniesNothing() {
        assertThat(result(Check.BUCKET_TLS_ONLY, hardened(), Observation.of(PolicyDocument.empty())).outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void versioningAndObjectLock() {
        Observation<Optional<ObjectLockConfiguration>> noLock = Observation.of(Optional.empty());
        assertOutcome(result(Check.BUCKET_VERSIONING, s -> s.versioning(Observation.of(GetBucketVersioningResponse.builder()
                .status(BucketVersioningStatus.SUSPENDED).build()), noLock)), Outcome.FAIL, "versioning Suspended; no Object Lock");
        assertOutcome(result(Check.BUCKET_VERSIONING, s -> s.versioning(Observation.of(GetBucketVersioningResponse.builder()
                .build()), noLock)), Outcome.FAIL, "versioning never enabled; no Object Lock");

        Observation<GetBucketVersioningResponse> enabled = Observation.of(GetBucketVersioningResponse.builder()
                .status(BucketVersioningStatus.ENABLED).mfaDelete(MFADeleteStatus.ENABLED).build());
        ObjectLockConfiguration compliance = ObjectLockConfiguration.builder().objectLockEnabled("Enabled")
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).years(7))).build();
        assertOutcome(result(Check.BUCKET_VERSIONING, s -> s.versioning(enabled, Observation.of(Optional.of(compliance)))),
                Outcome.PASS, "versioning Enabled, MFA delete Enabled; Object Lock enabled, default retention COMPLIANCE 7 years");
        ObjectLockConfiguration noRetention = ObjectLockConfiguration.builder().objectLockEnabled("Enabled").build();
        assertOutcome(result(Check.BUCKET_VERSIONING, s -> s.versioning(enabled, Observation.of(Optional.of(noRetention)))),
                Outcome.PASS, "versioning Enabled, MFA delete Enabled; Object Lock enabled, no default retention");
        // Configured but not enabled: someone meant to lock the logs, and they are not locked.
        ObjectLockConfiguration notEnabled = ObjectLockConfiguration.builder()
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(30))).build();
        assertOutcome(result(Check.BUCKET_VERSIONING, s -> s.versioning(enabled, Observation.of(Optional.of(notEnabled)))),
                Outcome.FAIL, "versioning Enabled, MFA delete Enabled; Object Lock configured but not enabled (ObjectLockEnabled null)");

        assertOutcome(result(Check.BUCKET_VERSIONING, s -> s.versioning(Observation.failed(DENIED), noLock)), Outcome.UNREACHABLE, DENIED);
        assertOutcome(result(Check.BUCKET_VERSIONING, s -> s.versioning(enabled, Observation.failed("AccessDenied: lock"))),
                Outcome.UNREACHABLE, "AccessDenied: lock");
    }

    @Test
    void accessLogging() {
        assertOutcome(result(Check.BUCKET_ACCESS_LOGGING, s -> s.logging(Observation.of(Optional.empty()))),
                Outcome.FAIL, "server access logging is off");
        assertOutcome(result(Check.BUCKET_ACCESS_LOGGING, s -> s.logging(Observation.failed(DENIED))), Outcome.UNREACHABLE, DENIED);
    }

    @Test
    void defaultEncryptionWithTheCentralKey() {
        assertOutcome(result(Check.BUCKET_DEFAULT_ENCRYPTION, s -> s.encryption(Observation.of(Optional.of(kmsEncryption(KEY_ID))))),
                Outcome.PASS, "aws:kms with the central key, bucket key on");
        assertOutcome(result(Check.BUCKET_DEFAULT_ENCRYPTION, s -> s.encryption(Observation.of(Optional.of(
                kmsEncryption("arn:aws:kms:eu-west-1:" + AUDIT + ":key/other"))))), Outcome.FAIL,
                "aws:kms with arn:aws:kms:eu-west-1:" + AUDIT + ":key/other, not the central key");
        assertOutcome(result(Check.BUCKET_DEFAULT_ENCRYPTION, s -> s.encryption(Observation.of(Optional.of(kmsEncryption("alias/logs"))))),
                Outcome.FAIL, "aws:kms with alias/logs (an alias: name the central key by its ARN)");
        assertOutcome(result(Check.BUCKET_DEFAULT_ENCRYPTION, s -> s.encryption(Observation.of(Optional.of(kmsEncryption(null))))),
                Outcome.FAIL, "aws:kms with the AWS managed key aws/s3, not the central key");
        assertOutcome(result(Check.BUCKET_DEFAULT_ENCRYPTION, s -> s.encryption(Observation.of(Optional.of(
                ServerSideEncryptionConfiguration.builder().rules(r -> r.applyServerSideEncryptionByDefault(
                        d -> d.sseAlgorithm(ServerSideEncryption.AES256))).build())))),
                Outcome.FAIL, "AES256 (S3-managed keys), not the central key");
        assertOutcome(result(Check.BUCKET_DEFAULT_ENCRYPTION, s -> s.encryption(Observation.of(Optional.empty()))),
                Outcome.FAIL, "no default encryption configured");
        assertOutcome(result(Check.BUCKET_DEFAULT_ENCRYPTION, s -> s.encryption(Observation.failed(DENIED))), Outcome.UNREACHABLE, DENIED);
    }

    @Test
    void objectOwnershipMustBeBucketOwnerEnforced() {
        assertOutcome(result(Check.BUCKET_OBJECT_OWNERSHIP, s -> s.ownership(Observation.of(Optional.of(
                ownership(ObjectOwnership.BUCKET_OWNER_PREFERRED))))), Outcome.FAIL, "BucketOwnerPreferred: ACLs are on");
        assertOutcome(result(Check.BUCKET_OBJECT_OWNERSHIP, s -> s.ownership(Observation.of(Optional.empty()))), Outcome.FAIL,
                "no Object Ownership setting: ACLs are on and objects belong to their writer");
        assertOutcome(result(Check.BUCKET_OBJECT_OWNERSHIP, s -> s.ownership(Observation.failed(DENIED))), Outcome.UNREACHABLE, DENIED);
    }

    @Test
    void keyRotation() {
        assertOutcome(result(Check.KEY_ROTATION, s -> s.rotation(Observation.of(GetKeyRotationStatusResponse.builder()
                .keyRotationEnabled(false).build()))), Outcome.FAIL, "automatic rotation disabled");
        assertOutcome(result(Check.KEY_ROTATION, s -> s.rotation(Observation.failed(DENIED))), Outcome.UNREACHABLE, DENIED);
    }

    @Test
    void everyHardeningControlOnlyReadsAndNeverRepairs() {
        assertThat(CentralHardening.CONTROLS).allSatisfy(c -> {
            assertThat(c.scope()).isEqualTo(Check.Scope.CENTRAL);
            assertThat(c.fixPermissions()).as(c.id()).isEmpty();
        });
    }
}
