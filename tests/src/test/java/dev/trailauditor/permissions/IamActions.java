package dev.trailauditor.permissions;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;

/**
 * What IAM checks for an SDK call: the action (service prefix and operation) and the resource ARN,
 * built from the request's own fields as the service authorization reference defines each resource
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 */
public final class IamActions {
    /**
     * S3 operations whose policy action has another name; every other S3 operation maps one to one, as
     * GetBucketPolicy to s3:GetBucketPolicy
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-actions.html).
     */
    private static final Map<String, String> S3_ACTIONS = Map.of(
            "ListObjectsV2", "ListBucket", "ListObjects", "ListBucket", "HeadBucket", "ListBucket", "HeadObject", "GetObject",
            // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html (API operations table)
            "GetPublicAccessBlock", "GetBucketPublicAccessBlock", "GetBucketEncryption", "GetEncryptionConfiguration",
            "GetObjectLockConfiguration", "GetBucketObjectLockConfiguration",
            "GetBucketLifecycleConfiguration", "GetLifecycleConfiguration", "GetBucketReplication", "GetReplicationConfiguration");

    /**
     * SQS batch operations are authorized as their single operation
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html).
     */
    private static final Map<String, String> SQS_ACTIONS = Map.of("DeleteMessageBatch", "DeleteMessage",
            "SendMessageBatch", "SendMessage", "ChangeMessageVisibilityBatch", "ChangeMessageVisibility");

    private IamActions() {}

    /**
     * @param service      the service's endpoint prefix, which for the services the auditor calls (cloudtrail,
     *                     events, kms, s3, sns, ssm, sts) is also its IAM prefix
     * @param account      the account the call is made in (the signer's)
     * @param bucketOwners the account owning a bucket, by name, where the fleet called knows it
     */
    public static IamCall call(IamCall.Role role, String account, String region, String service, String operation, SdkRequest request,
                               Function<String, Optional<String>> bucketOwners) {
        String action = service + ":" + (service.equals("s3") ? S3_ACTIONS.getOrDefault(operation, operation)
                : service.equals("sqs") ? SQS_ACTIONS.getOrDefault(operation, operation) : operation);
        return new IamCall(role, account, operation, action, resource(service, operation, request, account, region),
                context(service, operation, request, bucketOwners));
    }

    /**
     * The service-specific keys the request carries: s3:prefix is a listing's Prefix and s3:ResourceAccount the
     * bucket owner's account (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html);
     * kms:BypassPolicyLockoutSafetyCheck is PutKeyPolicy's parameter, false when the request omits it ("This type of
     * condition works even when the parameter doesn't appear in the request, such as when you use the parameter's
     * default value", https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html).
     */
    private static Map<String, String> context(String service, String operation, SdkRequest request,
                                               Function<String, Optional<String>> bucketOwners) {
        Map<String, String> context = new HashMap<>();
        if (service.equals("s3")) {
            optionalField(request, "Prefix").ifPresent(prefix -> context.put("s3:prefix", prefix));
            bucketOwners.apply(field(request, "Bucket")).ifPresent(owner -> context.put("s3:ResourceAccount", owner));
        }
        if (service.equals("kms") && operation.equals("PutKeyPolicy")) {
            context.put("kms:BypassPolicyLockoutSafetyCheck", String.valueOf(
                    request.getValueForField("BypassPolicyLockoutSafetyCheck", Boolean.class).orElse(false)));
        }
        return Map.copyOf(context);
    }

    private static String resource(String service, String operation, SdkRequest request, String account, String region) {
        return switch (service) {
            // An object operation's resource is the object, a bucket operation's the bucket.
            case "s3" -> "arn:aws:s3:::" + field(request, "Bucket") + optionalField(request, "Key").map(k -> "/" + k).orElse("");
            case "kms" -> arnOr(field(request, "KeyId"), "arn:aws:kms:" + region + ":" + account + ":key/");
            case "sns" -> field(request, "TopicArn");
            // DescribeEventBus names the bus by name or ARN (Name), PutPermission by name (EventBusName).
            case "events" -> arnOr(optionalField(request, "Name").orElseGet(() -> field(request, "EventBusName")),
                    "arn:aws:events:" + region + ":" + account + ":event-bus/");
            case "sts" -> field(request, "RoleArn");
            // A queue is named by its URL, https://sqs.<region>.amazonaws.com/<account>/<name>.
            case "sqs" -> queueArn(field(request, "QueueUrl"));
            case "ssm" -> {
                // A parameter name with a path keeps its leading '/' after "parameter".
                String name = field(request, "Name");
                yield "arn:aws:ssm:" + region + ":" + account + ":parameter" + (name.startsWith("/") ? name : "/" + name);
            }
            case "cloudtrail" -> operation.equals("ListTrails") ? "*"
                    // A trail by name is the caller's trail in the region called; by ARN it is that ARN.
                    : arnOr(trailName(request), "arn:aws:cloudtrail:" + region + ":" + account + ":trail/");
            default -> throw new IllegalArgumentException("no resource rule for " + service + ":" + operation);
        };
    }

    /** The queue's ARN, from its URL. */
    public static String queueArn(String url) {
        String[] parts = url.split("/");
        return "arn:aws:sqs:" + parts[2].split("\\.")[1] + ":" + parts[3] + ":" + parts[4];
    }

    private static String trailName(SdkRequest request) {
        return optionalField(request, "Name").or(() -> optionalField(request, "TrailName"))
                .orElseThrow(() -> new IllegalArgumentException(request.getClass().getSimpleName() + " names no trail"));
    }

    private static String arnOr(String nameOrArn, String arnPrefix) {
        return nameOrArn.startsWith("arn:") ? nameOrArn : arnPrefix + nameOrArn;
    }

    private static String field(SdkRequest request, String name) {
        return optionalField(request, name).orElseThrow(() ->
                new IllegalArgumentException(request.getClass().getSimpleName() + " has no " + name));
    }

    private static Optional<String> optionalField(SdkRequest request, String name) {
        return request.getValueForField(name, String.class);
    }
}
