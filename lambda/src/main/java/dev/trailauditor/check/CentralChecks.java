package dev.trailauditor.check;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.CentralSnapshot;
import dev.trailauditor.observe.Observation;
import dev.trailauditor.policy.CentralRequirements;
import dev.trailauditor.policy.CloudTrailRequirements;
import dev.trailauditor.policy.EventBusRequirements;
import dev.trailauditor.policy.Grant;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyExposures;
import dev.trailauditor.policy.PolicyJudgement;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.PolicyParseException;
import dev.trailauditor.policy.Requirement;
import dev.trailauditor.policy.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The central checks: pure functions of the {@link CentralSnapshot}. Each requirement is judged by
 * the whole policy against every request CloudTrail makes for it (see {@link PolicyJudgement}),
 * whatever the statements' Sids; who else the policy lets in is judged apart, as exposure. The
 * bucket's and key's hardening ({@link CentralHardening}) and the logs' custody ({@link LogCustody}) are judged last.
 */
public final class CentralChecks {
    private final AuditConfig config;
    private final CentralRequirements requirements;
    private final CentralHardening hardening;
    private final LogCustody custody;

    /** @param at when the requests are judged (they carry aws:CurrentTime) */
    public CentralChecks(AuditConfig config, Instant at) {
        this.config = config;
        this.requirements = new CentralRequirements(config.centralTarget(at), config.grantees());
        this.hardening = new CentralHardening(config.centralTarget(at));
        this.custody = new LogCustody(config.centralTarget(at), config.logRetentionDays());
    }

    /**
     * The checks' results, and each policy as judged, when it could be read and understood: the planner
     * starts from that judgement.
     */
    public record Evaluation(List<CheckResult> results, Observation<PolicyJudgement> bucket,
                             Observation<PolicyJudgement> key, Observation<PolicyJudgement> bus) {
        public Evaluation {
            results = List.copyOf(results);
        }
    }

    public Evaluation evaluate(CentralSnapshot snapshot) {
        List<CheckResult> results = new ArrayList<>();
        // A bucket without a policy is judged as an empty policy: nothing is granted.
        Observation<PolicyDocument> bucket = parsed(snapshot.bucketPolicy(),
                json -> json.map(PolicyDocument::parse).orElseGet(PolicyDocument::empty));
        Observation<PolicyDocument> key = parsed(snapshot.keyPolicy(), PolicyDocument::parse);
        // A bus without a policy admits no other account: judged as an empty policy, like a bucket without one.
        Observation<PolicyDocument> bus = parsed(snapshot.busPolicy(),
                json -> json.map(PolicyDocument::parse).orElseGet(PolicyDocument::empty));
        results.add(bucketExists(snapshot));
        // Judged on the policy as read: a bucket that is gone has no setting to harden.
        List<CheckResult> hardened = hardening.evaluate(snapshot.settings(), bucket);
        if (snapshot.bucketMissing()) {
            // No bucket, no grant: every member's logs are lost, which is drift, not a failure to look.
            bucket = Observation.of(PolicyDocument.empty());
        }
        Observation<PolicyJudgement> bucketJudged = judged(PolicyKind.BUCKET, bucket);
        Observation<PolicyJudgement> keyJudged = judged(PolicyKind.KEY, key);
        Observation<PolicyJudgement> busJudged = judged(PolicyKind.EVENT_BUS, bus);
        List<Grantee> grantees = requirements.grantees();
        for (int i = 0; i < grantees.size(); i++) {
            for (Grant grant : Grant.values()) {
                if (grant.kind() != PolicyKind.EVENT_BUS) {
                    results.add(judge(check(grant), grantees.get(i).accountId(),
                            grant.kind() == PolicyKind.BUCKET ? bucketJudged : keyJudged, grant, i));
                }
            }
        }
        results.addAll(exposure(Check.BUCKET_EXPOSURE, bucketJudged));
        results.addAll(exposure(Check.KEY_EXPOSURE, keyJudged));
        results.add(keyUsable(snapshot.key()));
        if (config.eventBusArn().isPresent()) {
            results.addAll(busPolicy(busJudged));
        }
        results.addAll(staleGrants(bucket, key, bus));
        results.addAll(hardened);
        results.addAll(custody.evaluate(snapshot.settings().custody()));
        return new Evaluation(results, bucketJudged, keyJudged, busJudged);
    }

    /** Each member other than the audit account may forward its trail changes, and no one else may. */
    private List<CheckResult> busPolicy(Observation<PolicyJudgement> bus) {
        List<CheckResult> results = new ArrayList<>();
        List<Grantee> members = requirements.grantees(PolicyKind.EVENT_BUS);
        for (int i = 0; i < members.size(); i++) {
            results.add(judge(Check.BUS_PUT_EVENTS, members.get(i).accountId(), bus, Grant.PUT_EVENTS, i));
        }
        results.addAll(exposure(Check.BUS_EXPOSURE, bus));
        return results;
    }

    private Observation<PolicyJudgement> judged(PolicyKind kind, Observation<PolicyDocument> policy) {
        return policy.ok() ? Observation.of(PolicyJudgement.of(kind, policy.value(), requirements))
                : Observation.failed(policy.failure());
    }

    private static Check check(Grant grant) {
        return switch (grant) {
            case ACL_CHECK -> Check.BUCKET_ACL_CHECK;
            case WRITE -> Check.BUCKET_WRITE;
            case DESCRIBE -> Check.KEY_DESCRIBE;
            case ENCRYPT -> Check.KEY_ENCRYPT;
            case DECRYPT -> Check.KEY_DECRYPT;
            case PUT_EVENTS -> Check.BUS_PUT_EVENTS;
        };
    }

    private CheckResult judge(Check check, String account, Observation<PolicyJudgement> policy, Grant grant, int grantee) {
        Requirement requirement = requirements.of(grant).get(grantee);
        if (!policy.ok()) {
            return CheckResult.unreachable(check, account, requirement.description(), policy.failure());
        }
        Verdict verdict = policy.value().verdicts(grant).get(grantee);
        return verdict.status() == Verdict.Status.MET
                ? CheckResult.pass(check, account, requirement.description(), verdict.detail())
                : CheckResult.fail(check, account, requirement.description(), verdict.detail());
    }

    /** One finding per way in (who, through which statements), listing the members it exposes; PASS when there is none. */
    private static List<CheckResult> exposure(Check check, Observation<PolicyJudgement> policy) {
        String expected = switch (check) {
            case BUCKET_EXPOSURE -> "only CloudTrail, for the registered trails, writes their own log folders";
            case BUS_EXPOSURE -> "only the registered accounts put events on the bus";
            default -> "only CloudTrail, for the registered trails, and the audit account use the key";
        };
        if (!policy.ok()) {
            return List.of(CheckResult.unreachable(check, null, expected, policy.failure()));
        }
        List<PolicyExposures.Finding> findings = policy.value().exposures();
        if (findings.isEmpty()) {
            return List.of(CheckResult.pass(check, null, expected, "no probe gets through"));
        }
        return findings.stream().map(f -> new CheckResult(check, null, Outcome.FAIL, expected,
                f.statementNames() + ": " + f.meaning() + f.membersNote(),
                Severity.valueOf(f.level().name()))).toList();
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
    private List<CheckResult> staleGrants(Observation<PolicyDocument> bucket, Observation<PolicyDocument> key,
                                          Observation<PolicyDocument> bus) {
        String expected = "grants only for registered accounts";
        for (Observation<PolicyDocument> policy : List.of(bucket, key, bus)) {
            if (!policy.ok()) {
                return List.of(CheckResult.unreachable(Check.STALE_GRANT, null, expected, policy.failure()));
            }
        }
        Set<String> registered = config.members().stream().map(Member::accountId).collect(Collectors.toSet());
        registered.add(config.auditAccountId());
        Map<String, List<String>> stale = new TreeMap<>();
        collect(stale, "bucket policy", CloudTrailRequirements.grantedAccounts(bucket.value()), registered);
        collect(stale, "key policy", CloudTrailRequirements.grantedAccounts(key.value()), registered);
        collect(stale, "bus policy", EventBusRequirements.grantedAccounts(bus.value()), registered);
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
