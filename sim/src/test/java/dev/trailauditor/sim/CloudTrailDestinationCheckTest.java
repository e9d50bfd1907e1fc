package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.InsufficientEncryptionPolicyException;
import software.amazon.awssdk.services.cloudtrail.model.InsufficientS3BucketPolicyException;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.TrailNotFoundException;

/** CloudTrail refuses a destination its bucket or key policy would not let it deliver to. */
class CloudTrailDestinationCheckTest {
    static final String AUDIT = "111111111111";
    static final String MEMBER = "222222222222";
    static final String OTHER_TRAIL = "arn:aws:cloudtrail:us-east-1:333333333333:trail/org-trail";
    static final String BUCKET = "central-trail-logs";
    static final String PREFIX = "cloudtrail";
    static final String OWN_BUCKET = "member-own-logs";
    static final String NEW_TRAIL = SimTrail.arn(MEMBER, "us-east-1", "new-trail");

    Fleet fleet;
    SimBucket central;
    SimKey key;
    SimTrail trail;
    CloudTrailClient client;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(Clock.fixed(Instant.parse("2025-06-01T02:00:00Z"), ZoneOffset.UTC));
        central = fleet.account(AUDIT).bucket(BUCKET);
        key = fleet.account(AUDIT).kmsKey("us-east-1");
        fleet.account(MEMBER).bucket(OWN_BUCKET);
        trail = fleet.account(MEMBER).trail("org-trail", "us-east-1").healthy(OWN_BUCKET, null, null);
        client = fleet.cloudTrail(MEMBER, "us-east-1");
    }

    @Test
    void bucketPolicyWithoutTheMembersGrantIsRefusedAndTheTrailStaysAsItWas() {
        central.policy(GrantingPolicies.bucket(BUCKET, PREFIX, List.of(OTHER_TRAIL)));
        Trail before = trail.snapshot();

        assertThatThrownBy(() -> moveToCentralBucket())
                .isInstanceOfSatisfying(InsufficientS3BucketPolicyException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InsufficientS3BucketPolicyException");
                    assertThat(e.awsErrorDetails().serviceName()).isEqualTo("CloudTrail");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Incorrect S3 bucket policy is detected for bucket: " + BUCKET);
                });
        assertThat(trail.snapshot()).isEqualTo(before);
    }

    @Test
    void designShapedGrantForTheMembersTrailIsAccepted() {
        central.policy(GrantingPolicies.bucket(BUCKET, PREFIX, List.of(OTHER_TRAIL, trail.arn())));

        moveToCentralBucket();

        assertThat(trail.snapshot().s3BucketName()).isEqualTo(BUCKET);
        assertThat(trail.snapshot().s3KeyPrefix()).isEqualTo(PREFIX);
    }

    /** AWS tries the access; it does not judge how tight the grant is. */
    @Test
    void looseGrantWithoutSourceArnIsAccepted() {
        central.policy(policy(aclCheckForAnyTrail(), writeAnywhereForAnyTrail()));

        moveToCentralBucket();

        assertThat(trail.snapshot().s3BucketName()).isEqualTo(BUCKET);
    }

    @Test
    void denyOnTheLogPathWinsOverAnyGrant() {
        central.policy(policy(aclCheckForAnyTrail(), writeAnywhereForAnyTrail(), """
                {"Sid":"NoMember","Effect":"Deny","Principal":"*","Action":"s3:PutObject",
                 "Resource":"arn:aws:s3:::%s/%s/AWSLogs/%s/*"}""".formatted(BUCKET, PREFIX, MEMBER)));

        assertThatThrownBy(this::moveToCentralBucket).isInstanceOf(InsufficientS3BucketPolicyException.class);
        assertThat(trail.snapshot().s3BucketName()).isEqualTo(OWN_BUCKET);
    }

    @Test
    void unreadableBucketPolicyGrantsNothing() {
        central.policy("{\"Statement\": not json");

        assertThatThrownBy(this::moveToCentralBucket).isInstanceOf(InsufficientS3BucketPolicyException.class);
    }

    @Test
    void prefixOnlyUpdateIsJudgedAgainstTheBucketTheTrailKeeps() {
        central.policy(GrantingPolicies.bucket(BUCKET, PREFIX, List.of(trail.arn())));
        moveToCentralBucket();

        assertThatThrownBy(() -> client.updateTrail(r -> r.name("org-trail").s3KeyPrefix("elsewhere")))
                .isInstanceOf(InsufficientS3BucketPolicyException.class);
        assertThat(trail.snapshot().s3KeyPrefix()).isEqualTo(PREFIX);
    }

    @Test
    void updatesThatLeaveTheDestinationAloneAreNotJudged() {
        trail.bucket(BUCKET);
        central.policy(GrantingPolicies.bucket(BUCKET, PREFIX, List.of(OTHER_TRAIL)));

        client.updateTrail(r -> r.name("org-trail").isMultiRegionTrail(false));

        assertThat(trail.isMultiRegion()).isFalse();
    }

    @Test
    void evenTheAccountsOwnBucketNeedsAPolicyForCloudTrail() {
        trail.bucket(BUCKET).prefix(PREFIX);
        fleet.account(MEMBER).bucket(OWN_BUCKET).noPolicy();
        assertThatThrownBy(() -> client.updateTrail(r -> r.name("org-trail").s3BucketName(OWN_BUCKET).s3KeyPrefix("")))
                .isInstanceOf(InsufficientS3BucketPolicyException.class);

        String ownTrail = SimTrail.arn(MEMBER, "us-east-1", "org-trail");
        fleet.account(MEMBER).bucket(OWN_BUCKET).policy(GrantingPolicies.bucket(OWN_BUCKET, "", List.of(ownTrail))
                .replace("/" + "/AWSLogs", "/AWSLogs"));
        client.updateTrail(r -> r.name("org-trail").s3BucketName(OWN_BUCKET).s3KeyPrefix(""));
        assertThat(trail.snapshot().s3BucketName()).isEqualTo(OWN_BUCKET);
        assertThat(trail.snapshot().s3KeyPrefix()).as("an empty prefix removes it").isNull();
    }

    @Test
    void createTrailWithAKeyCloudTrailMayNotEncryptWithIsRefused() {
        central.policy(GrantingPolicies.bucket(BUCKET, PREFIX, List.of(NEW_TRAIL)));
        key.policy(SimKey.defaultPolicy(AUDIT));

        assertThatThrownBy(this::createEncryptedTrail)
                .isInstanceOfSatisfying(InsufficientEncryptionPolicyException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InsufficientEncryptionPolicyException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Insufficient permissions to access S3 bucket "
                            + BUCKET + " or KMS key " + key.arn() + ".");
                });
        assertThatThrownBy(() -> client.getTrail(r -> r.name("new-trail"))).isInstanceOf(TrailNotFoundException.class);
    }

    @Test
    void createTrailWithTheKeyGrantIsCreatedButDoesNotLogUntilStarted() {
        central.policy(GrantingPolicies.bucket(BUCKET, PREFIX, List.of(NEW_TRAIL)));
        key.policy(GrantingPolicies.key(AUDIT, List.of(NEW_TRAIL)));

        createEncryptedTrail();

        assertThat(client.getTrail(r -> r.name("new-trail")).trail().kmsKeyId()).isEqualTo(key.arn());
        assertThat(client.getTrailStatus(r -> r.name("new-trail")).isLogging()).isFalse();
        client.startLogging(r -> r.name("new-trail"));
        assertThat(client.getTrailStatus(r -> r.name("new-trail")).isLogging()).isTrue();
    }

    private void moveToCentralBucket() {
        client.updateTrail(r -> r.name("org-trail").s3BucketName(BUCKET).s3KeyPrefix(PREFIX));
    }

    private void createEncryptedTrail() {
        client.createTrail(r -> r.name("new-trail").s3BucketName(BUCKET).s3KeyPrefix(PREFIX).kmsKeyId(key.arn()));
    }

    private static String aclCheckForAnyTrail() {
        return """
                {"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetBucketAcl",
                 "Resource":"arn:aws:s3:::%s"}""".formatted(BUCKET);
    }

    private static String writeAnywhereForAnyTrail() {
        return """
                {"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject",
                 "Resource":"arn:aws:s3:::%s/*"}""".formatted(BUCKET);
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }
}
