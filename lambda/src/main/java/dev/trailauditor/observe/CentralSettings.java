package dev.trailauditor.observe;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.OwnershipControls;
import software.amazon.awssdk.services.s3.model.PolicyStatus;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;

/**
 * The central bucket's and key's hardening settings, each read on its own, so that one failed read is
 * unreachable for its control alone. An empty value is S3's answer that the setting is not configured
 * (a state to judge), never a failure to read.
 *
 * @param publicAccessBlock the bucket's Block Public Access settings; empty: none configured
 * @param policyStatus      S3's own verdict on the bucket policy; empty: the bucket has no policy
 * @param aclGrants         the bucket ACL's grants
 * @param objectLock        empty: no Object Lock configuration
 * @param logging           server access logging; empty: off
 * @param encryption        default encryption; empty: none configured
 * @param ownership         Object Ownership; empty: not set (a bucket from before the setting, or deleted)
 * @param custody           what else can read or drop the logs, and who hears the report
 */
public record CentralSettings(
        Observation<Optional<PublicAccessBlockConfiguration>> publicAccessBlock,
        Observation<Optional<PolicyStatus>> policyStatus,
        Observation<List<Grant>> aclGrants,
        Observation<GetBucketVersioningResponse> versioning,
        Observation<Optional<ObjectLockConfiguration>> objectLock,
        Observation<Optional<LoggingEnabled>> logging,
        Observation<Optional<ServerSideEncryptionConfiguration>> encryption,
        Observation<Optional<OwnershipControls>> ownership,
        Observation<GetKeyRotationStatusResponse> keyRotation,
        CustodySettings custody) {

    /** The bucket's and key's hardening settings alone: the custody settings count as not read. */
    public CentralSettings(Observation<Optional<PublicAccessBlockConfiguration>> publicAccessBlock,
                           Observation<Optional<PolicyStatus>> policyStatus, Observation<List<Grant>> aclGrants,
                           Observation<GetBucketVersioningResponse> versioning, Observation<Optional<ObjectLockConfiguration>> objectLock,
                           Observation<Optional<LoggingEnabled>> logging, Observation<Optional<ServerSideEncryptionConfiguration>> encryption,
                           Observation<Optional<OwnershipControls>> ownership, Observation<GetKeyRotationStatusResponse> keyRotation) {
        this(publicAccessBlock, policyStatus, aclGrants, versioning, objectLock, logging, encryption, ownership, keyRotation,
                CustodySettings.notRead("not read in this snapshot"));
    }

    /** Settings that were not read (a snapshot of the policies alone): every hardening control is unreachable. */
    public static CentralSettings notRead(String why) {
        return new CentralSettings(Observation.failed(why), Observation.failed(why), Observation.failed(why),
                Observation.failed(why), Observation.failed(why), Observation.failed(why), Observation.failed(why),
                Observation.failed(why), Observation.failed(why), CustodySettings.notRead(why));
    }
}
