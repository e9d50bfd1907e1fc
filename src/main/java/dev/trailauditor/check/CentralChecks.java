package dev.trailauditor.check;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.CentralSnapshot;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.CloudTrailRequirements;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyEvaluator;
import dev.trailauditor.policy.PolicyParseException;
import dev.trailauditor.policy.Requirement;
import dev.trailauditor.policy.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The central checks: pure functions of the {@link CentralSnapshot}. Each policy requirement is
 * judged by meaning (see {@link PolicyEvaluator}): any statement that grants it at least as
 * tightly as the recommended shape satisfies it, whatever its Sid.
 */
public final class CentralChecks {
    private final AuditConfig config;

    public CentralChecks(AuditConfig config) {
        this.config = config;
    }

    public List<CheckResult> evaluate(CentralSnapshot snapshot) {
        List<CheckResult> results = new ArrayList<>();
        // A bucket without a policy is judged as an empty policy: nothing is granted.
        Observation<PolicyDocument> bucket = parsed(snapshot.bucketPolicy(),
                json -> json.map(PolicyDocument::parse).orElseGet(PolicyDocument::empty));
        Observation<PolicyDocument> key = parsed(snapshot.keyPolicy(), PolicyDocument::parse);
        results.add(bucketExists(snapshot));
        if (snapshot.bucketMissing()) {
            // No bucket, no grant: every member's logs are lost, which is drift, not a failure to look.
            bucket = Observation.of(PolicyDocument.empty());
        }
        for (Member member : config.members()) {
            String trailArn = member.trailArn(config.partition());
            String account = member.accountId();
            results.add(judge(Check.BUCKET_ACL_CHECK, account, bucket,
                    CloudTrailRequirements.bucketAclCheck(config.centralBucket(), trailArn)));
            results.add(judge(Check.BUCKET_WRITE, account, bucket,
                    CloudTrailRequirements.bucketWrite(config.centralBucket(), prefix(), account, trailArn)));
            results.add(judge(Check.KEY_ENCRYPT, account, key, CloudTrailRequirements.keyEncrypt(config.keyArn(), account, trailArn)));
        }
        results.add(judge(Check.KEY_DESCRIBE, null, key, CloudTrailRequirements.keyDescribe(config.keyArn())));
        for (Member member : config.members()) {
            results.add(judge(Check.KEY_DECRYPT, member.accountId(), key, CloudTrailRequirements.keyDecrypt(
                    config.keyArn(), config.auditAccountId(), member.accountId(), member.trailArn(config.partition()))));
        }
        results.add(keyUsable(snapshot.key()));
        results.addAll(staleGrants(bucket, key));
        return results;
    }

    private static CheckResult judge(Check check, String account, Observation<PolicyDocument> policy, Requirement requirement) {
        if (!policy.ok()) {
            return CheckResult.unreachable(check, account, requirement.description(), policy.failure());
        }
        Verdict verdict = PolicyEvaluator.evaluate(policy.value(), requirement);
        return verdict.status() == Verdict.Status.MET
                ? CheckResult.pass(check, account, requirement.description(), verdict.detail())
                : CheckResult.fail(check, account, requirement.description(), verdict.detail());
    }

    private CheckResult bucketExists(CentralSnapshot snapshot) {
        String expected = "bucket " + config.centralBucket() + " exists";
        if (snapshot.bucketMissing()) {
            return CheckResult.fail(Check.BUCKET_EXISTS, null, expected, "the bucket does not exist ("
                    + snapshot.bucketPolicy().failure() + "): no trail can deliver; trail repairs are held until it is back");
        }
        return snapshot.bucketPolicy().ok()
                ? CheckResult.pass(Check.BUCKET_EXISTS, null, expected, "the bucket answered")
                : CheckResult.unreachable(Check.BUCKET_EXISTS, null, expected, snapshot.bucketPolicy().failure());
    }

    private static CheckResult keyUsable(Observation<KeyMetadata> key) {
        String expected = "key Enabled, not pending deletion";
        if (!key.ok()) {
            return CheckResult.unreachable(Check.KEY_USABLE, null, expected, key.failure());
        }
        String actual = CentralDestination.describe(key.value());
        return CentralDestination.usable(key.value()) ? CheckResult.pass(Check.KEY_USABLE, null, expected, actual)
                : CheckResult.fail(Check.KEY_USABLE, null, expected, actual
                        + " (trail repairs and key policy writes are held until it is enabled again)");
    }

    /** Grants to accounts outside the registry (the audit account is always expected). */
    private List<CheckResult> staleGrants(Observation<PolicyDocument> bucket, Observation<PolicyDocument> key) {
        String expected = "grants only for registered accounts";
        if (!bucket.ok() || !key.ok()) {
            return List.of(CheckResult.unreachable(Check.STALE_GRANT, null, expected,
                    bucket.ok() ? key.failure() : bucket.failure()));
        }
        Set<String> registered = config.members().stream().map(Member::accountId).collect(Collectors.toSet());
        registered.add(config.auditAccountId());
        Map<String, List<String>> stale = new TreeMap<>();
        collect(stale, "bucket policy", CloudTrailRequirements.grantedAccounts(bucket.value()), registered);
        collect(stale, "key policy", CloudTrailRequirements.grantedAccounts(key.value()), registered);
        if (stale.isEmpty()) {
            return List.of(CheckResult.pass(Check.STALE_GRANT, null, expected, "no grant for an unregistered account"));
        }
        return stale.entrySet().stream()
                .map(e -> CheckResult.fail(Check.STALE_GRANT, e.getKey(), expected,
                        "account is not registered but granted by " + String.join("; ", e.getValue())))
                .toList();
    }

    private static void collect(Map<String, List<String>> stale, String where, Map<String, List<String>> granted,
                                Set<String> registered) {
        granted.forEach((account, statements) -> {
            if (!registered.contains(account)) {
                stale.computeIfAbsent(account, a -> new ArrayList<>())
                        .add(where + " (" + statements.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")) + ")");
            }
        });
    }

    private String prefix() {
        return config.logPrefix().isEmpty() ? null : config.logPrefix();
    }

    private static <T> Observation<PolicyDocument> parsed(Observation<T> raw, Function<T, PolicyDocument> parser) {
        if (!raw.ok()) {
            return Observation.failed(raw.failure());
        }
        try {
            return Observation.of(parser.apply(raw.value()));
        } catch (PolicyParseException e) {
            return Observation.failed("the policy could not be understood: " + e.getMessage());
        }
    }
}
