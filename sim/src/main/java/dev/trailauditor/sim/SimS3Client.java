package dev.trailauditor.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.AccessDeniedException;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectStorageClass;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.GetBucketAclRequest;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLoggingRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLoggingResponse;
import software.amazon.awssdk.services.s3.model.GetBucketOwnershipControlsRequest;
import software.amazon.awssdk.services.s3.model.GetBucketOwnershipControlsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyStatusRequest;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyStatusResponse;
import software.amazon.awssdk.services.s3.model.GetBucketReplicationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketReplicationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyResponse;

/**
 * S3 bucket policies, settings, objects and listings as one caller sees them: only the bucket owner may read or write
 * its settings; other accounts reach its objects where its policy grants them.
 */
final class SimS3Client extends SimClient implements S3Client {
    /** S3's bucket policy size limit. */
    static final int MAX_POLICY_BYTES = 20 * 1024;
    /** ListObjectsV2 returns at most 1,000 keys a page (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html). */
    static final int MAX_KEYS = 1000;

    SimS3Client(Fleet fleet, String callerAccountId, String region) {
        super(fleet, SimService.S3, callerAccountId, region);
    }

    @Override
    public GetBucketPolicyResponse getBucketPolicy(GetBucketPolicyRequest request) {
        return read("GetBucketPolicy", () -> {
            SimBucket bucket = ownBucket(request.bucket(), request.expectedBucketOwner());
            String policy = bucket.policy().orElseThrow(() ->
                    error("NoSuchBucketPolicy", 404, "The bucket policy does not exist"));
            return GetBucketPolicyResponse.builder().policy(policy).build();
        });
    }

    @Override
    public PutBucketPolicyResponse putBucketPolicy(PutBucketPolicyRequest request) {
        return write("PutBucketPolicy", () -> {
            SimBucket bucket = ownBucket(request.bucket(), request.expectedBucketOwner());
            validate(bucket.name(), request.policy());
            bucket.policy(request.policy());
            return PutBucketPolicyResponse.builder().build();
        });
    }

    /** Succeeds (204) whether or not there was a policy, as S3 does. */
    @Override
    public DeleteBucketPolicyResponse deleteBucketPolicy(DeleteBucketPolicyRequest request) {
        return write("DeleteBucketPolicy", () -> {
            ownBucket(request.bucket(), request.expectedBucketOwner()).noPolicy();
            return DeleteBucketPolicyResponse.builder().build();
        });
    }

    /**
     * Not "mutating": the auditor writes objects only to keep its own reports, which change nothing it audits. A key
     * that does not exist is AccessDenied (403), as S3 answers a caller without s3:ListBucket on the bucket, which the
     * function's role is not granted (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
     */
    @Override
    public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
        SimBucket.SimObject object = read("GetObject", () -> objectsOf(request.bucket(), request.expectedBucketOwner(),
                "s3:GetObject").object(request.key()).orElseThrow(this::accessDenied));
        GetObjectResponse response = GetObjectResponse.builder().contentLength((long) object.content().length)
                .contentType(object.contentType()).lastModified(object.lastModified()).build();
        try {
            return transformer.transform(response, AbortableInputStream.create(new ByteArrayInputStream(object.content())));
        } catch (Exception e) {
            throw new IllegalStateException("the response transformer failed", e);
        }
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
        return getObject(request, ResponseTransformer.toInputStream());
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
        return read("PutObject", () -> {
            SimBucket bucket = objectsOf(request.bucket(), request.expectedBucketOwner(), "s3:PutObject");
            try (InputStream in = body.contentStreamProvider().newStream()) {
                bucket.object(request.key(), new SimBucket.SimObject(in.readAllBytes(), request.contentType(),
                        fleet.clock().instant()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return PutObjectResponse.builder().eTag("\"" + Integer.toHexString(request.key().hashCode()) + "\"").build();
        });
    }

    /** Block Public Access of the bucket; none configured: NoSuchPublicAccessBlockConfiguration (404). */
    @Override
    public GetPublicAccessBlockResponse getPublicAccessBlock(GetPublicAccessBlockRequest request) {
        return read("GetPublicAccessBlock", () -> GetPublicAccessBlockResponse.builder().publicAccessBlockConfiguration(
                ownBucket(request.bucket(), request.expectedBucketOwner()).publicAccessBlock().orElseThrow(() ->
                        error("NoSuchPublicAccessBlockConfiguration", 404, "The public access block configuration was not found")))
                .build());
    }

    /** Whether the policy makes the bucket public (see {@link PolicyJson#isPublic}); no policy: NoSuchBucketPolicy. */
    @Override
    public GetBucketPolicyStatusResponse getBucketPolicyStatus(GetBucketPolicyStatusRequest request) {
        return read("GetBucketPolicyStatus", () -> {
            SimBucket bucket = ownBucket(request.bucket(), request.expectedBucketOwner());
            String policy = bucket.policy().orElseThrow(() -> error("NoSuchBucketPolicy", 404, "The bucket policy does not exist"));
            return GetBucketPolicyStatusResponse.builder().policyStatus(s -> s.isPublic(
                    bucket.policyStatusWithoutIsPublic() ? null : PolicyJson.isPublic(policy))).build();
        });
    }

    @Override
    public GetBucketAclResponse getBucketAcl(GetBucketAclRequest request) {
        return read("GetBucketAcl", () -> {
            SimBucket bucket = ownBucket(request.bucket(), request.expectedBucketOwner());
            return GetBucketAclResponse.builder().owner(o -> o.id("owner-" + bucket.ownerAccountId())).grants(bucket.aclGrants()).build();
        });
    }

    /** Status Enabled or Suspended; a bucket never versioned answers without one. */
    @Override
    public GetBucketVersioningResponse getBucketVersioning(GetBucketVersioningRequest request) {
        return read("GetBucketVersioning", () -> GetBucketVersioningResponse.builder()
                .status(ownBucket(request.bucket(), request.expectedBucketOwner()).versioning().orElse(null)).build());
    }

    @Override
    public GetObjectLockConfigurationResponse getObjectLockConfiguration(GetObjectLockConfigurationRequest request) {
        return read("GetObjectLockConfiguration", () -> GetObjectLockConfigurationResponse.builder().objectLockConfiguration(
                ownBucket(request.bucket(), request.expectedBucketOwner()).objectLock().orElseThrow(() ->
                        error("ObjectLockConfigurationNotFoundError", 404, "Object Lock configuration does not exist for this bucket")))
                .build());
    }

    /** LoggingEnabled only while server access logging is on. */
    @Override
    public GetBucketLoggingResponse getBucketLogging(GetBucketLoggingRequest request) {
        return read("GetBucketLogging", () -> GetBucketLoggingResponse.builder()
                .loggingEnabled(ownBucket(request.bucket(), request.expectedBucketOwner()).logging().orElse(null)).build());
    }

    @Override
    public GetBucketEncryptionResponse getBucketEncryption(GetBucketEncryptionRequest request) {
        return read("GetBucketEncryption", () -> GetBucketEncryptionResponse.builder().serverSideEncryptionConfiguration(
                ownBucket(request.bucket(), request.expectedBucketOwner()).encryption().orElseThrow(() ->
                        error("ServerSideEncryptionConfigurationNotFoundError", 404,
                                "The server side encryption configuration was not found")))
                .build());
    }

    @Override
    public GetBucketOwnershipControlsResponse getBucketOwnershipControls(GetBucketOwnershipControlsRequest request) {
        return read("GetBucketOwnershipControls", () -> {
            ObjectOwnership setting = ownBucket(request.bucket(), request.expectedBucketOwner()).ownership().orElseThrow(() ->
                    error("OwnershipControlsNotFoundError", 404, "The bucket ownership controls were not found"));
            return GetBucketOwnershipControlsResponse.builder()
                    .ownershipControls(c -> c.rules(r -> r.objectOwnership(setting))).build();
        });
    }

    /** The lifecycle rules; none configured: NoSuchLifecycleConfiguration (404). */
    @Override
    public GetBucketLifecycleConfigurationResponse getBucketLifecycleConfiguration(GetBucketLifecycleConfigurationRequest request) {
        return read("GetBucketLifecycleConfiguration", () -> GetBucketLifecycleConfigurationResponse.builder().rules(
                ownBucket(request.bucket(), request.expectedBucketOwner()).lifecycle().orElseThrow(() ->
                        error("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist")))
                .build());
    }

    /** The replication configuration; none: ReplicationConfigurationNotFoundError (404). */
    @Override
    public GetBucketReplicationResponse getBucketReplication(GetBucketReplicationRequest request) {
        return read("GetBucketReplication", () -> GetBucketReplicationResponse.builder().replicationConfiguration(
                ownBucket(request.bucket(), request.expectedBucketOwner()).replication().orElseThrow(() ->
                        error("ReplicationConfigurationNotFoundError", 404, "The replication configuration was not found")))
                .build());
    }

    /**
     * One page of keys in order, after the continuation token (the sim's is the page's last key) or StartAfter. With a
     * Delimiter, keys holding it after the prefix are rolled up into CommonPrefixes, each counting as one key
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
     */
    @Override
    public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
        return read("ListObjectsV2", () -> {
            SimBucket bucket = objectsOf(request.bucket(), request.expectedBucketOwner(), "s3:ListBucket");
            String prefix = request.prefix() == null ? "" : request.prefix();
            String delimiter = request.delimiter() == null || request.delimiter().isEmpty() ? null : request.delimiter();
            fleet.deliverTrailFiles(prefix);
            int max = request.maxKeys() == null ? MAX_KEYS : Math.min(MAX_KEYS, request.maxKeys());
            List<SimBucket.SimObject> after = bucket.objectsAfter(prefix,
                    request.continuationToken() != null ? request.continuationToken() : request.startAfter());
            List<S3Object> contents = new ArrayList<>();
            List<CommonPrefix> folders = new ArrayList<>();
            String last = null;
            boolean truncated = false;
            for (SimBucket.SimObject object : after) {
                int end = delimiter == null ? -1 : object.key().indexOf(delimiter, prefix.length());
                String folder = end < 0 ? null : object.key().substring(0, end + delimiter.length());
                if (folder != null && folder.equals(last)) {
                    continue;
                }
                if (contents.size() + folders.size() == max) {
                    truncated = true;
                    break;
                }
                if (folder != null) {
                    folders.add(CommonPrefix.builder().prefix(folder).build());
                    last = folder;
                } else {
                    contents.add(S3Object.builder().key(object.key()).lastModified(object.lastModified())
                            .size(0L).storageClass(ObjectStorageClass.STANDARD).build());
                    last = object.key();
                }
            }
            // After a rolled-up folder, the next page starts past every key in it.
            String next = !truncated ? null : folders.isEmpty() || !folders.get(folders.size() - 1).prefix().equals(last) ? last
                    : last + Character.MAX_VALUE;
            return ListObjectsV2Response.builder().name(bucket.name()).prefix(request.prefix()).delimiter(delimiter).maxKeys(max)
                    .keyCount(contents.size() + folders.size()).isTruncated(truncated)
                    .continuationToken(request.continuationToken())
                    .nextContinuationToken(next).contents(contents).commonPrefixes(folders)
                    .build();
        });
    }

    /** A missing key is 404 with no error body, which the SDK turns into NoSuchKeyException. */
    @Override
    public HeadObjectResponse headObject(HeadObjectRequest request) {
        return read("HeadObject", () -> {
            SimBucket bucket = objectsOf(request.bucket(), request.expectedBucketOwner(), "s3:GetObject");
            fleet.deliverTrailFiles(request.key());
            SimBucket.SimObject object = bucket.object(request.key()).orElseThrow(() -> AwsErrors.<NoSuchKeyException>build(
                    NoSuchKeyException.builder(), service, "NoSuchKey", 404, "The specified key does not exist."));
            return HeadObjectResponse.builder().lastModified(object.lastModified()).contentLength(0L)
                    .serverSideEncryption(object.serverSideEncryption()).ssekmsKeyId(object.kmsKeyId()).build();
        });
    }

    /** A bucket's settings and policy: its owner's account alone reads and writes them here. */
    private SimBucket ownBucket(String name, String expectedOwner) {
        SimBucket bucket = bucket(name, expectedOwner);
        if (!bucket.ownerAccountId().equals(callerAccountId)) {
            throw accessDenied();
        }
        return bucket;
    }

    /**
     * Objects and listings: the owner's account, or another account the bucket policy grants {@code action} to, as S3
     * lets a bucket policy open a bucket's objects to other accounts
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html).
     */
    private SimBucket objectsOf(String name, String expectedOwner, String action) {
        SimBucket bucket = bucket(name, expectedOwner);
        if (!bucket.ownerAccountId().equals(callerAccountId)
                && !bucket.policy().filter(p -> PolicyJson.grantsAccount(p, callerAccountId, action)).isPresent()) {
            throw accessDenied();
        }
        return bucket;
    }

    /**
     * The bucket by name; a request whose ExpectedBucketOwner is not the bucket's owner fails with 403 Access Denied,
     * whoever sends it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html).
     */
    private SimBucket bucket(String name, String expectedOwner) {
        fleet.recordBucketRequest(new Fleet.BucketRequest(callerAccountId, name, expectedOwner));
        SimBucket bucket = fleet.findBucket(name).orElseThrow(() -> AwsErrors.<NoSuchBucketException>build(
                NoSuchBucketException.builder(), service, "NoSuchBucket", 404, "The specified bucket does not exist"));
        if (expectedOwner != null && !expectedOwner.equals(bucket.ownerAccountId())) {
            throw accessDenied();
        }
        return bucket;
    }

    private AccessDeniedException accessDenied() {
        return AwsErrors.build(AccessDeniedException.builder(), service, "AccessDenied", 403, "Access Denied");
    }

    /** The checks S3 makes before storing a policy (a subset: the ones drift repair can trip). */
    private void validate(String bucketName, String policy) {
        if (policy != null && PolicyJson.utf8Size(policy) > MAX_POLICY_BYTES) {
            throw error("PolicyTooLarge", 400, "Policy exceeds the maximum allowed document size.");
        }
        List<JsonNode> statements = PolicyJson.statements(policy).orElseThrow(() ->
                malformed("Policies must be valid JSON and the first byte must be '{'"));
        if (statements.isEmpty()) {
            throw malformed("Missing required field Statement");
        }
        for (JsonNode statement : statements) {
            if (!Set.of("Allow", "Deny").contains(statement.path("Effect").asText())) {
                throw malformed("Invalid effect: " + statement.path("Effect").asText());
            }
            if (!statement.has("Principal") && !statement.has("NotPrincipal")) {
                throw malformed("Missing required field Principal");
            }
            if (!statement.has("Action") && !statement.has("NotAction")) {
                throw malformed("Missing required field Action");
            }
            String bucketArn = "arn:aws:s3:::" + bucketName;
            List<String> resources = PolicyJson.strings(statement.has("Resource")
                    ? statement.get("Resource") : statement.get("NotResource"));
            if (resources.isEmpty() || !resources.stream()
                    .allMatch(r -> r.equals(bucketArn) || r.startsWith(bucketArn + "/"))) {
                throw malformed("Policy has invalid resource");
            }
        }
    }

    private RuntimeException malformed(String message) {
        return error("MalformedPolicy", 400, message);
    }
}
