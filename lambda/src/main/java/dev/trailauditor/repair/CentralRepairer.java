package dev.trailauditor.repair;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.Failures;
import dev.trailauditor.check.Check;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.observe.CentralReader;
import dev.trailauditor.policy.ManagedStatements;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.PolicyParseException;
import dev.trailauditor.policy.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes planned central policies, as safely as S3, KMS and EventBridge allow: each policy is read again just
 * before its write and the write is abandoned if someone changed it since the plan, then read back
 * just after; KMS's lockout safety check is never bypassed. One failed write never stops the other.
 */
public final class CentralRepairer {
    /** The IAM actions its writes need (the template grants them only in repair mode): its checks' declared fix permissions. */
    public static final List<String> PERMISSIONS = Check.fixPermissions(Check.Scope.CENTRAL);

    /** Only parses policies to compare them; a plain mapper, so repair needs nothing from report. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditConfig config;
    private final Clock clock;
    private final CentralReader reader;
    private final S3Client s3;
    private final KmsClient kms;

    public CentralRepairer(AwsClients clients, AuditConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.reader = new CentralReader(clients, config);
        this.s3 = clients.s3(config.centralRegion());
        this.kms = clients.kms(config.centralRegion());
    }

    /**
     * Applies every planned change; changes not planned (unchanged, refused, held) pass through.
     *
     * @param deadline no write starts after it: the run must still report what it did
     */
    public List<PolicyChange> apply(List<PolicyPlan> plans, Instant deadline) {
        return plans.stream().map(plan -> apply(plan, deadline)).toList();
    }

    /**
     * S3, KMS and EventBridge have no conditional policy write, so a change someone makes between the re-read
     * and the write is lost without trace. The window is kept to the two calls, and the policy is
     * read back at once: if it is not what was written, someone else is writing too, and the change
     * is a CONFLICT with both versions rather than a repair.
     */
    private PolicyChange apply(PolicyPlan plan, Instant deadline) {
        PolicyChange change = CentralPlanner.describe(plan);
        if (change.state() != PolicyChange.State.PLANNED) {
            return change;
        }
        if (!clock.instant().isBefore(deadline)) {
            return change.withState(PolicyChange.State.SKIPPED,
                    "not written: the run's time budget ran out before the write (the next run plans it again)");
        }
        try {
            Optional<String> now = read(plan.kind());
            if (!sameMeaning(now, plan.before())) {
                return change.withState(PolicyChange.State.ABORTED, "the " + change.policy()
                        + " changed after it was read for this plan; not overwritten (the next run plans from the new policy)");
            }
            String written = plan.merge().document().toJson();
            write(plan.kind(), written);
            Optional<String> after = read(plan.kind());
            if (!sameMeaning(after, Optional.of(written))) {
                return change.conflict(conflict(change.policy(), now, after), written, after.orElse(null));
            }
            return change.withState(PolicyChange.State.WRITTEN, null);
        } catch (RuntimeException e) {
            return change.withState(PolicyChange.State.FAILED, Failures.describe(e));
        }
    }

    private Optional<String> read(PolicyKind kind) {
        return switch (kind) {
            case BUCKET -> reader.bucketPolicy();
            case KEY -> Optional.of(reader.keyPolicy());
            case EVENT_BUS -> reader.busPolicy();
        };
    }

    /** What a person must check: which statements that were there just before the write are gone now. */
    private static String conflict(String policy, Optional<String> before, Optional<String> after) {
        List<JsonNode> stillThere = foreignStatements(after);
        List<String> gone = foreignStatements(before).stream()
                .filter(statement -> !stillThere.contains(statement))
                .map(JsonNode::toString).toList();
        return "the " + policy + " read back right after the write is not what was written: someone else changed it at"
                + " the same time (S3, KMS and EventBridge have no conditional write)"
                + (gone.isEmpty() ? "" : "; statements gone since the write: " + String.join(", ", gone))
                + ". Compare policyWritten with policyAfter and restore what is missing";
    }

    /** The statements the auditor does not manage, as JSON; none when the policy is absent or unreadable. */
    private static List<JsonNode> foreignStatements(Optional<String> policy) {
        try {
            return policy.map(PolicyDocument::parse).map(document -> document.statements().stream()
                    .filter(statement -> !ManagedStatements.isManaged(statement))
                    .<JsonNode>map(Statement::json).toList()).orElse(List.of());
        } catch (PolicyParseException e) {
            return List.of();
        }
    }

    private void write(PolicyKind kind, String policy) {
        switch (kind) {
            case BUCKET -> s3.putBucketPolicy(r -> r.bucket(config.centralBucket()).expectedBucketOwner(config.bucketOwner()).policy(policy));
            // The lockout check stays on: KMS refuses a policy that would lock the account out of its key.
            case KEY -> kms.putKeyPolicy(r -> r.keyId(config.keyArn().toString()).policyName(CentralReader.KEY_POLICY_NAME)
                    .policy(policy).bypassPolicyLockoutSafetyCheck(false));
            case EVENT_BUS -> writeBusPolicy(policy);
        }
    }

    /**
     * PutPermission with Policy, "a JSON string that describes the permission policy statement", in place of its
     * StatementId, Action, Principal and Condition (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html).
     * AWS's reference does not say in so many words that it replaces the bus's whole policy; tools that keep a bus
     * policy as one document rely on it doing so ("will overwrite permissions",
     * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_event_bus_policy). The
     * auditor writes the whole document, foreign statements included, so a replace is exactly right; had the call
     * merged instead, the read-back below would differ from what was written and the change be reported a CONFLICT.
     * It takes the bus's name (EventBusName), not its ARN.
     */
    private void writeBusPolicy(String policy) {
        String bus = config.eventBusArn().orElseThrow().resourceName();
        reader.events().putPermission(r -> r.eventBusName(bus).policy(policy));
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
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }
}
