package dev.trailauditor.sim;

import dev.trailauditor.policy.Arn;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusRequest;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.ListGrantsRequest;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyResponse;

/**
 * KMS key policies and metadata for one caller in one region. Keys are named by id or
 * ARN; keys of other accounts are refused (the fleet does not evaluate cross-account
 * key policies).
 */
final class SimKmsClient extends SimClient implements KmsClient {
    /** KMS's key policy size limit. */
    static final int MAX_POLICY_BYTES = 32_768;
    private static final String POLICY_NAME = "default";

    private final Caller caller;

    SimKmsClient(Fleet fleet, String callerAccountId, String region) {
        super(fleet, SimService.KMS, callerAccountId, region);
        this.caller = Caller.of(callerAccountId);
    }

    @Override
    public GetKeyPolicyResponse getKeyPolicy(GetKeyPolicyRequest request) {
        return read("GetKeyPolicy", () -> {
            SimKey key = key(request.keyId(), "kms:GetKeyPolicy");
            requireDefaultPolicyName(request.policyName());
            return GetKeyPolicyResponse.builder().policy(key.policy()).policyName(POLICY_NAME).build();
        });
    }

    @Override
    public DescribeKeyResponse describeKey(DescribeKeyRequest request) {
        return read("DescribeKey", () -> {
            SimKey key = key(request.keyId(), "kms:DescribeKey");
            return DescribeKeyResponse.builder().keyMetadata(KeyMetadata.builder()
                    .awsAccountId(key.accountId())
                    .keyId(key.keyId())
                    .arn(key.arn())
                    .creationDate(key.creationDate())
                    .enabled(key.enabled())
                    .keyState(key.state())
                    .deletionDate(key.deletionDate())
                    .keyManager(KeyManagerType.CUSTOMER)
                    .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                    .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                    .origin(OriginType.AWS_KMS)
                    .encryptionAlgorithms(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)
                    .multiRegion(false)
                    .description("")
                    .build()).build();
        });
    }

    @Override
    public GetKeyRotationStatusResponse getKeyRotationStatus(GetKeyRotationStatusRequest request) {
        return read("GetKeyRotationStatus", () -> {
            SimKey key = key(request.keyId(), "kms:GetKeyRotationStatus");
            return GetKeyRotationStatusResponse.builder().keyId(key.arn()).keyRotationEnabled(key.rotation())
                    .rotationPeriodInDays(key.rotation() ? 365 : null).build();
        });
    }

    /**
     * One page of the key's grants: Limit 1 to 100, 50 unless given; Marker is where the last page ended (the sim's
     * marker is the index of the next grant), Truncated and NextMarker say whether more follow
     * (https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html).
     */
    @Override
    public ListGrantsResponse listGrants(ListGrantsRequest request) {
        return read("ListGrants", () -> {
            List<GrantListEntry> grants = key(request.keyId(), "kms:ListGrants").grants();
            int limit = request.limit() == null ? DEFAULT_GRANTS_PAGE : request.limit();
            if (limit < 1 || limit > MAX_GRANTS_PAGE) {
                throw error("ValidationException", 400, "1 validation error detected: Value '" + limit
                        + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and " + MAX_GRANTS_PAGE);
            }
            int from = start(request.marker(), grants.size());
            int to = Math.min(grants.size(), from + limit);
            boolean truncated = to < grants.size();
            return ListGrantsResponse.builder().grants(grants.subList(from, to)).truncated(truncated)
                    .nextMarker(truncated ? String.valueOf(to) : null).build();
        });
    }

    private static final int DEFAULT_GRANTS_PAGE = 50;
    private static final int MAX_GRANTS_PAGE = 100;

    private int start(String marker, int size) {
        if (marker == null) {
            return 0;
        }
        try {
            int index = Integer.parseInt(marker);
            if (index > 0 && index <= size) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below, as KMS does
        }
        throw AwsErrors.<InvalidMarkerException>build(InvalidMarkerException.builder(), service, "InvalidMarkerException", 400,
                "The request was rejected because the marker that specifies where pagination should next begin is not valid.");
    }

    /**
     * Checks as KMS does: size (LimitExceededException), JSON and statements
     * (MalformedPolicyDocumentException), and unless bypassed the lockout safety check.
     */
    @Override
    public PutKeyPolicyResponse putKeyPolicy(PutKeyPolicyRequest request) {
        return write("PutKeyPolicy", () -> {
            SimKey key = key(request.keyId(), "kms:PutKeyPolicy");
            requireDefaultPolicyName(request.policyName());
            if (key.state() == KeyState.PENDING_DELETION) {
                throw AwsErrors.<KmsInvalidStateException>build(KmsInvalidStateException.builder(), service,
                        "KMSInvalidStateException", 400, key.arn() + " is pending deletion.");
            }
            String policy = request.policy();
            if (policy != null && PolicyJson.utf8Size(policy) > MAX_POLICY_BYTES) {
                throw AwsErrors.<LimitExceededException>build(LimitExceededException.builder(), service,
                        "LimitExceededException", 400, "Policy size exceeds the limit of " + MAX_POLICY_BYTES
                                + " bytes.");
            }
            List<JsonNode> statements = PolicyJson.statements(policy)
                    .filter(s -> !s.isEmpty())
                    .filter(s -> s.stream().allMatch(st -> st.has("Principal")))
                    .orElseThrow(() -> malformed("The new key policy is not syntactically or semantically correct."));
            boolean bypass = Boolean.TRUE.equals(request.bypassPolicyLockoutSafetyCheck());
            Set<String> me = Set.of(caller.arn(), caller.roleArn(), callerAccountId,
                    "arn:aws:iam::" + callerAccountId + ":root");
            if (!bypass && !PolicyJson.allowsPutKeyPolicy(statements, me)) {
                throw malformed("The new key policy will not allow you to update the key policy in the future.");
            }
            key.putPolicy(policy, bypass, fleet.clock().instant());
            return PutKeyPolicyResponse.builder().build();
        });
    }

    private SimKey key(String keyIdOrArn, String action) {
        Optional<Arn> arn = Arn.parse(keyIdOrArn);
        if (arn.isPresent() && !arn.get().accountId().equals(callerAccountId)) {
            throw error("AccessDeniedException", 400, "User: " + caller.arn() + " is not authorized to perform: "
                    + action + " on resource: " + keyIdOrArn + " because no resource-based policy allows the "
                    + action + " action");
        }
        Optional<SimKey> key = arn.isPresent()
                ? fleet.findKeyByArn(keyIdOrArn).filter(k -> k.region().equals(region))
                : fleet.findAccount(callerAccountId).flatMap(a -> a.findKey(region, keyIdOrArn));
        return key.orElseThrow(() -> AwsErrors.<NotFoundException>build(NotFoundException.builder(), service,
                "NotFoundException", 400, "Key '" + keyIdOrArn + "' does not exist"));
    }

    private void requireDefaultPolicyName(String policyName) {
        if (policyName != null && !policyName.equals(POLICY_NAME)) {
            throw AwsErrors.<NotFoundException>build(NotFoundException.builder(), service, "NotFoundException", 400,
                    "Policy '" + policyName + "' does not exist; the only key policy name is 'default'");
        }
    }

    private RuntimeException malformed(String message) {
        return AwsErrors.<MalformedPolicyDocumentException>build(MalformedPolicyDocumentException.builder(), service,
                "MalformedPolicyDocumentException", 400, message);
    }
}
