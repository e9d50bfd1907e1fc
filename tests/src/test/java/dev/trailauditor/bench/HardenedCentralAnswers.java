package dev.trailauditor.bench;

import java.util.Map;
import java.util.Optional;

/**
 * What a hardened central bucket and key answer to the auditor's hardening reads, in each service's
 * wire format, for the loopback endpoints that stand in for AWS: Block Public Access on, a private
 * policy and ACL, versioning, Object Lock enabled, access logging, SSE-KMS with the central key, ACLs
 * disabled, key rotation on; a lifecycle rule far past the retention, no replication, no grants on the key and one
 * confirmed subscription to the report topic. S3 tells its bucket reads apart by the subresource in the query string
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html).
 */
public final class HardenedCentralAnswers {
    /** A GET of a bucket subresource, by its query parameter, to the S3 operation it is. */
    private static final Map<String, String> S3_GETS = Map.ofEntries(
            Map.entry("policy", "GetBucketPolicy"), Map.entry("policyStatus", "GetBucketPolicyStatus"),
            Map.entry("publicAccessBlock", "GetPublicAccessBlock"), Map.entry("acl", "GetBucketAcl"),
            Map.entry("versioning", "GetBucketVersioning"), Map.entry("object-lock", "GetObjectLockConfiguration"),
            Map.entry("logging", "GetBucketLogging"), Map.entry("encryption", "GetBucketEncryption"),
            Map.entry("ownershipControls", "GetBucketOwnershipControls"), Map.entry("lifecycle", "GetBucketLifecycleConfiguration"),
            Map.entry("replication", "GetBucketReplication"));

    private HardenedCentralAnswers() {}

    /** The S3 operation of a GET on the bucket with this raw query ("policy", "policyStatus=", ...), if it is one of the reads. */
    public static Optional<String> s3Operation(String rawQuery) {
        String parameter = rawQuery == null ? "" : rawQuery.split("[&=]", 2)[0];
        return Optional.ofNullable(S3_GETS.get(parameter));
    }

    /** The XML body a hardened bucket answers to one of the hardening reads; empty for any other operation. */
    public static Optional<String> s3Xml(String operation, String bucket, String keyArn) {
        String xml = switch (operation) {
            case "GetPublicAccessBlock" -> "<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls>"
                    + "<IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy>"
                    + "<RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>";
            case "GetBucketPolicyStatus" -> "<PolicyStatus><IsPublic>false</IsPublic></PolicyStatus>";
            case "GetBucketAcl" -> "<AccessControlPolicy><Owner><ID>owner</ID></Owner><AccessControlList><Grant>"
                    + "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>owner</ID>"
                    + "</Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>";
            case "GetBucketVersioning" -> "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
            case "GetObjectLockConfiguration" -> "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
                    + "</ObjectLockConfiguration>";
            case "GetBucketLogging" -> "<BucketLoggingStatus><LoggingEnabled><TargetBucket>" + bucket + "-access-logs</TargetBucket>"
                    + "<TargetPrefix>" + bucket + "/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>";
            case "GetBucketEncryption" -> "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
                    + "<SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>" + keyArn + "</KMSMasterKeyID>"
                    + "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule>"
                    + "</ServerSideEncryptionConfiguration>";
            case "GetBucketOwnershipControls" -> "<OwnershipControls><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership>"
                    + "</Rule></OwnershipControls>";
            // Every object expires after seven years, long past the retention asked.
            case "GetBucketLifecycleConfiguration" -> "<LifecycleConfiguration><Rule><ID>expire-after-seven-years</ID>"
                    + "<Filter><Prefix></Prefix></Filter><Status>Enabled</Status><Expiration><Days>2555</Days></Expiration>"
                    + "</Rule></LifecycleConfiguration>";
            // No replication: S3's 404 error, told apart from a failure by its code
            // (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ReplicationErrorCodeList).
            case "GetBucketReplication" -> NO_REPLICATION;
            default -> null;
        };
        return Optional.ofNullable(xml).map(body -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body);
    }

    /** The error S3 answers GetBucketReplication with on a bucket without replication, with HTTP status 404. */
    public static final String NO_REPLICATION = "<Error><Code>ReplicationConfigurationNotFoundError</Code>"
            + "<Message>The replication configuration was not found</Message></Error>";

    /** The HTTP status of one of {@link #s3Xml}'s answers: an S3 error body is a 404 "not configured" answer. */
    public static int s3Status(String xml) {
        return xml.contains("<Error>") ? 404 : 200;
    }

    /** KMS ListGrants (JSON 1.1): the central key has no grants. */
    public static final String NO_GRANTS_JSON = "{\"Grants\":[],\"Truncated\":false}";

    /** SNS GetTopicAttributes (query protocol, XML) of a topic with one confirmed subscription. */
    public static String topicAttributesXml(String topicArn) {
        return "<GetTopicAttributesResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><GetTopicAttributesResult><Attributes>"
                + "<entry><key>TopicArn</key><value>" + topicArn + "</value></entry>"
                + "<entry><key>SubscriptionsConfirmed</key><value>1</value></entry>"
                + "<entry><key>SubscriptionsPending</key><value>0</value></entry>"
                + "</Attributes></GetTopicAttributesResult></GetTopicAttributesResponse>";
    }

    /** KMS GetKeyRotationStatus (JSON 1.1) for the central key, rotating every 365 days. */
    public static String keyRotationJson(String keyArn) {
        return "{\"KeyId\":\"" + keyArn + "\",\"KeyRotationEnabled\":true,\"RotationPeriodInDays\":365}";
    }
}
