package dev.trailauditor.sim;

import dev.trailauditor.policy.Arn;
import dev.trailauditor.sim.CloudTrailAccess.Request;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudtrail.model.InsufficientEncryptionPolicyException;
import software.amazon.awssdk.services.cloudtrail.model.InsufficientS3BucketPolicyException;
import software.amazon.awssdk.services.cloudtrail.model.KmsKeyNotFoundException;
import software.amazon.awssdk.services.cloudtrail.model.S3BucketDoesNotExistException;

/**
 * What CloudTrail verifies when CreateTrail or UpdateTrail sets where a trail delivers: the
 * bucket and key exist, and their policies let CloudTrail, acting for this trail, read the
 * bucket ACL, write under {@code <prefix>/AWSLogs/<account>/}, and encrypt with and describe
 * the key. AWS only tries the access, so a loose grant passes as well as a tight one. The policies are
 * read by {@link CloudTrailAccess}, the sim's own reading, never by the auditor's evaluator under test.
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
        String logs = "arn:" + trail.partition() + ":s3:::" + bucket.name() + "/" + folder(destination.prefix())
                + "AWSLogs/" + trail.accountId() + "/";
        Map<String, String> context = Map.of("aws:SourceArn", trailArn, "aws:SourceAccount", trail.accountId(),
                "aws:SecureTransport", "true");
        // CloudTrail writes as its service principal, so even the account's own bucket needs a policy for it.
        if (bucket.policy().isEmpty() || !CloudTrailAccess.allowsAll(bucket.policy().get(), List.of(
                new Request("s3:GetBucketAcl", "arn:" + trail.partition() + ":s3:::" + bucket.name(), context),
                write(logs + "CloudTrail/" + trail.region() + "/2025/06/01/log.json.gz", context, key),
                write(logs + "CloudTrail-Digest/" + trail.region() + "/2025/06/01/digest.json.gz", context, key)))) {
            throw insufficientBucketPolicy(bucket.name());
        }
        if (key.isPresent() && !CloudTrailAccess.allowsAll(key.get().policy(), List.of(
                new Request("kms:GenerateDataKey", key.get().arn(), with(context, Map.of(
                        "kms:EncryptionContext:aws:cloudtrail:arn", trailArn, "kms:EncryptionContext:aws:s3:arn", logs + "*"))),
                new Request("kms:DescribeKey", key.get().arn(), context)))) {
            throw insufficientEncryptionPolicy(bucket.name(), key.get().arn());
        }
        return destination.withKmsKey(key.map(SimKey::arn).orElse(null));
    }

    private static String folder(String prefix) {
        return prefix == null || prefix.isEmpty() ? "" : prefix + "/";
    }

    /** A log or digest object, as CloudTrail puts it: owner full control, SSE-KMS with the trail's key if it has one. */
    private static Request write(String object, Map<String, String> context, Optional<SimKey> key) {
        Map<String, String> headers = new HashMap<>(Map.of("s3:x-amz-acl", "bucket-owner-full-control"));
        key.ifPresent(k -> headers.putAll(Map.of("s3:x-amz-server-side-encryption", "aws:kms",
                "s3:x-amz-server-side-encryption-aws-kms-key-id", k.arn())));
        return new Request("s3:PutObject", object, with(context, headers));
    }

    private static Map<String, String> with(Map<String, String> context, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(context);
        all.putAll(more);
        return all;
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
