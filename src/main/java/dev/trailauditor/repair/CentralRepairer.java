package dev.trailauditor.repair;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.observe.CentralReader;
import dev.trailauditor.observe.Failures;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.report.Json;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes planned central policies, safely: each policy is read again just before its write and
 * the write is abandoned if someone changed it since the plan; KMS's lockout safety check is
 * never bypassed. One failed write never stops the other.
 */
public final class CentralRepairer {
    /** The IAM actions its writes need (the template grants them only in repair mode). */
    public static final List<String> PERMISSIONS = List.of("kms:PutKeyPolicy", "s3:PutBucketPolicy");

    private final AuditConfig config;
    private final CentralReader reader;
    private final S3Client s3;
    private final KmsClient kms;

    public CentralRepairer(AwsClients clients, AuditConfig config) {
        this.config = config;
        this.reader = new CentralReader(clients, config);
        this.s3 = clients.s3(config.centralRegion());
        this.kms = clients.kms(config.centralRegion());
    }

    /** Applies every planned change; changes not planned (unchanged, refused) pass through. */
    public List<PolicyChange> apply(List<PolicyPlan> plans) {
        return plans.stream().map(this::apply).toList();
    }

    private PolicyChange apply(PolicyPlan plan) {
        PolicyChange change = CentralPlanner.describe(plan);
        if (change.state() != PolicyChange.State.PLANNED) {
            return change;
        }
        try {
            Optional<String> now = plan.kind() == PolicyKind.BUCKET ? reader.bucketPolicy() : Optional.of(reader.keyPolicy());
            if (!sameMeaning(now, plan.before())) {
                return change.withState(PolicyChange.State.ABORTED, "the " + change.policy()
                        + " changed after it was read for this plan; not overwritten (the next run plans from the new policy)");
            }
            write(plan.kind(), plan.merge().document().toJson());
            return change.withState(PolicyChange.State.WRITTEN, null);
        } catch (RuntimeException e) {
            return change.withState(PolicyChange.State.FAILED, Failures.describe(e));
        }
    }

    private void write(PolicyKind kind, String policy) {
        if (kind == PolicyKind.BUCKET) {
            s3.putBucketPolicy(r -> r.bucket(config.centralBucket()).policy(policy));
        } else {
            // The lockout check stays on: KMS refuses a policy that would lock the account out of its key.
            kms.putKeyPolicy(r -> r.keyId(config.keyArn()).policyName(CentralReader.KEY_POLICY_NAME).policy(policy)
                    .bypassPolicyLockoutSafetyCheck(false));
        }
    }

    /** Same policy when both are absent or both parse to the same JSON (formatting aside). */
    static boolean sameMeaning(Optional<String> a, Optional<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        return tree(a.get()).equals(tree(b.get()));
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }
}
