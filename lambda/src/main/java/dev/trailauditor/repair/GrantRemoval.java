package dev.trailauditor.repair;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.policy.AccessRequest;
import dev.trailauditor.policy.CentralRequirements;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.OwnStatements;
import dev.trailauditor.policy.MergeResult;
import dev.trailauditor.policy.PolicyDecision;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyEvaluator;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.PolicyMerger;
import dev.trailauditor.policy.RequestPrincipal;
import dev.trailauditor.policy.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Taking the auditor's own statements out of a central policy, for leaving: pure, from the policy
 * text. Every other statement stays exactly as it is, in its place (a Deny, or an imitation of the auditor's
 * statements, is never the auditor's, whatever its Sid). What is left must still be a policy AWS takes and that keeps the account in
 * charge of its key; the write itself goes through {@link CentralRepairer}, like any repair.
 *
 * @param managed   the auditor's statements, in policy order
 * @param remaining the policy without them
 * @param refusal   why they must not be removed; null when they may
 */
public record GrantRemoval(PolicyKind kind, String resource, Optional<String> before, List<Statement> managed,
                           PolicyDocument remaining, String refusal) {

    /**
     * @param policy the policy as read; empty: the bucket has none
     * @param at     when it is judged (the central target's time)
     */
    public static GrantRemoval of(PolicyKind kind, String resource, Optional<String> policy, AuditConfig config, Instant at) {
        PolicyDocument document = policy.map(PolicyDocument::parse).orElseGet(PolicyDocument::empty);
        List<Statement> managed = own(kind, document, config, at).own();
        PolicyDocument remaining = document.withStatements(document.statements().stream()
                .filter(statement -> !managed.contains(statement)).map(Statement::json).toList());
        String refusal = managed.isEmpty() ? null : refusal(kind, resource, remaining, config);
        return new GrantRemoval(kind, resource, policy, managed, remaining, refusal);
    }

    /**
     * The auditor's own statements by meaning, as the merger tells them ({@link OwnStatements}): an imitation of
     * them, whatever its Sid, is someone else's and stays.
     */
    public static OwnStatements own(PolicyKind kind, PolicyDocument document, AuditConfig config, Instant at) {
        CentralTarget target = config.centralTarget(at);
        return OwnStatements.of(document, target, new CentralRequirements(target, config.grantees()).grantees(kind));
    }

    private static String refusal(PolicyKind kind, String resource, PolicyDocument remaining, AuditConfig config) {
        if (kind == PolicyKind.BUCKET) {
            // S3 refuses a policy with no statement (MalformedPolicy "Statement is empty",
            // https://github.com/versity/versitygw/issues/646 records AWS's answer).
            return remaining.statements().isEmpty() ? "the bucket policy holds nothing but the auditor's statements, and S3"
                    + " takes no policy without statements: once no trail delivers there, delete it with"
                    + " aws s3api delete-bucket-policy --bucket " + resource : null;
        }
        // KMS's lockout safety check stays on for the write; this says why before any call, in the account's terms.
        AccessRequest administer = AccessRequest.of(RequestPrincipal.account(config.auditAccountId()), "kms:PutKeyPolicy",
                resource);
        return PolicyEvaluator.decide(remaining, administer).decision() == PolicyDecision.Decision.ALLOWED ? null
                : "without the auditor's statements no statement would let account " + config.auditAccountId()
                  + " administer the key (kms:PutKeyPolicy), which could lock it out of the key for good: keep or restore"
                  + " the key's default statement (Principal arn:aws:iam::" + config.auditAccountId() + ":root, kms:*) first";
    }

    /**
     * Registered members the foreign statements alone would no longer let CloudTrail deliver for
     * (the auditor would put statements back for them): removing is for leaving, not while trails still deliver here.
     */
    public int statementsCloudTrailStillNeeds(AuditConfig config, Instant at) {
        MergeResult merge = new PolicyMerger().merge(kind, Optional.of(remaining), config.centralTarget(at),
                config.grantees(), false);
        return merge.added().size();
    }

    /** The removal as a change {@link CentralRepairer} writes: re-read first, never forced, read back after. */
    public PolicyPlan plan() {
        int sizeBefore = before.map(text -> PolicyDocument.parse(text).sizeBytes()).orElse(0);
        int sizeAfter = remaining.sizeBytes();
        MergeResult merge = new MergeResult(kind, !managed.isEmpty(), remaining, null, sizeBefore, sizeAfter,
                kind.limitBytes(), kind.limitBytes() - sizeAfter, List.of(), List.of(),
                managed.stream().map(Statement::json).toList(), List.of(), List.of(), refusal, List.of());
        return new PolicyPlan(kind, resource, before, merge, null);
    }
}
