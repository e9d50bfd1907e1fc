package dev.trailauditor.sim;

import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.Grant;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.policy.LogPrefix;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyEvaluator;
import dev.trailauditor.policy.PolicyParseException;
import dev.trailauditor.policy.Requirement;
import dev.trailauditor.policy.Verdict;
import java.util.Arrays;
import java.util.Optional;
import software.amazon.awssdk.services.cloudtrail.model.InsufficientEncryptionPolicyException;
import software.amazon.awssdk.services.cloudtrail.model.InsufficientS3BucketPolicyException;
import software.amazon.awssdk.services.cloudtrail.model.KmsKeyNotFoundException;
import software.amazon.awssdk.services.cloudtrail.model.S3BucketDoesNotExistException;

/**
 * What CloudTrail verifies when CreateTrail or UpdateTrail sets where a trail delivers: the
 * bucket and key exist, and their policies let CloudTrail, acting for this trail, read the
 * bucket ACL, write under {@code <prefix>/AWSLogs/<account>/}, and encrypt with and describe
 * the key. AWS only tries the access, so a loose grant passes as well as a tight one.
 */
final class CloudTrailDestinationCheck {
    private final Fleet fleet;

    CloudTrailDestinationCheck(Fleet fleet) {
        this.fleet = fleet;
    }

    /** The destination as CloudTrail stores it (the key as a full ARN), or CloudTrail's refusal. */
    TrailDestination verify(String trailArn, TrailDestination destination) {
        Arn trail = Arn.parse(trailArn).orElseThrow(() -> new IllegalArgumentException("not an ARN: " + trailArn));
        SimBucket bucket = Optional.ofNullable(destination.bucket()).flatMap(fleet::findBucket).orElseThrow(
                () -> bucketDoesNotExist(destination));
        Optional<SimKey> key = Optional.ofNullable(destination.kmsKey()).map(id -> requireKey(trail, id));
        CentralTarget target = new CentralTarget(trail.partition(), bucket.name(),
                LogPrefix.reported(destination.prefix()), key.map(SimKey::arn).orElse(""),
                bucket.ownerAccountId(), fleet.clock().instant());
        Grantee grantee = Grantee.of(trail);
        if (!bucketAllows(bucket, target, grantee)) {
            throw insufficientBucketPolicy(bucket.name());
        }
        if (key.isPresent() && !keyAllows(key.get(), target, grantee)) {
            throw insufficientEncryptionPolicy(bucket.name(), key.get().arn());
        }
        return destination.withKmsKey(key.map(SimKey::arn).orElse(null));
    }

    private static boolean bucketAllows(SimBucket bucket, CentralTarget target, Grantee trail) {
        // CloudTrail writes as its service principal, so even the account's own bucket needs a policy for it.
        return bucket.policy().isPresent() && grants(bucket.policy().get(),
                Grant.ACL_CHECK.requirement(target, trail), Grant.WRITE.requirement(target, trail));
    }

    private static boolean keyAllows(SimKey key, CentralTarget target, Grantee trail) {
        return grants(key.policy(), Grant.ENCRYPT.requirement(target, trail), Grant.DESCRIBE.requirement(target, trail));
    }

    /** True if the policy lets every request through, however tightly or loosely. */
    private static boolean grants(String policyJson, Requirement... requirements) {
        PolicyDocument policy;
        try {
            policy = PolicyDocument.parse(policyJson);
        } catch (PolicyParseException e) {
            return false; // stored text S3/KMS would not have accepted grants nothing
        }
        return Arrays.stream(requirements)
                .allMatch(requirement -> PolicyEvaluator.evaluate(policy, requirement).status() == Verdict.Status.MET);
    }

    /** A key id is looked up in the trail's account and region; an ARN anywhere in the fleet. */
    private SimKey requireKey(Arn trail, String keyIdOrArn) {
        Optional<SimKey> key = Arn.parse(keyIdOrArn).isPresent()
                ? fleet.findKeyByArn(keyIdOrArn)
                : fleet.findAccount(trail.accountId()).flatMap(a -> a.findKey(trail.region(), keyIdOrArn));
        return key.orElseThrow(() -> AwsErrors.<KmsKeyNotFoundException>build(KmsKeyNotFoundException.builder(),
                SimService.CLOUDTRAIL, "KmsKeyNotFoundException", 400, "KMS key " + keyIdOrArn + " does not exist."));
    }

    private static S3BucketDoesNotExistException bucketDoesNotExist(TrailDestination destination) {
        return AwsErrors.build(S3BucketDoesNotExistException.builder(), SimService.CLOUDTRAIL,
                "S3BucketDoesNotExistException", 400, "S3 bucket " + destination.bucket() + " does not exist.");
    }

    private static InsufficientS3BucketPolicyException insufficientBucketPolicy(String bucket) {
        return AwsErrors.build(InsufficientS3BucketPolicyException.builder(), SimService.CLOUDTRAIL,
                "InsufficientS3BucketPolicyException", 400,
                "Incorrect S3 bucket policy is detected for bucket: " + bucket);
    }

    private static InsufficientEncryptionPolicyException insufficientEncryptionPolicy(String bucket, String keyArn) {
        return AwsErrors.build(InsufficientEncryptionPolicyException.builder(), SimService.CLOUDTRAIL,
                "InsufficientEncryptionPolicyException", 400,
                "Insufficient permissions to access S3 bucket " + bucket + " or KMS key " + keyArn + ".");
    }
}
