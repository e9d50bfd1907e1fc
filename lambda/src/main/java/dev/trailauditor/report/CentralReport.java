package dev.trailauditor.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trailauditor.check.CentralHardening;
import dev.trailauditor.check.CheckResult;
import dev.trailauditor.repair.PolicyChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The central bucket and key policies, the key itself, the event bus's policy (when there is a bus), and what
 * was planned or changed in them. {@code status} is the policies' and the key's (what decides whether members can
 * deliver); {@link #hardening()} that of the hardening controls, which the checks hold too.
 *
 * @param eventBus  the event bus's ARN; null when the run has none
 * @param byAccount the checks indexed by the member they are about, so that every account's part of
 *                  the report is found in constant time (the report stays linear in members × checks)
 */
@JsonIgnoreProperties(value = {"hardening"}, allowGetters = true) // written for readers, derived from the checks
public record CentralReport(String bucket, String keyArn, @JsonInclude(JsonInclude.Include.NON_NULL) String eventBus,
                            Status status, List<CheckResult> checks, List<PolicyChange> changes,
                            @JsonIgnore Map<String, List<CheckResult>> byAccount) {

    public CentralReport {
        checks = List.copyOf(checks);
        changes = List.copyOf(changes);
        Map<String, List<CheckResult>> index = new HashMap<>();
        checks.stream().filter(r -> r.account() != null)
                .forEach(r -> index.computeIfAbsent(r.account(), a -> new java.util.ArrayList<>()).add(r));
        index.replaceAll((account, results) -> List.copyOf(results));
        byAccount = Map.copyOf(index);
    }

    public CentralReport(String bucket, String keyArn, String eventBus, Status status, List<CheckResult> checks,
                         List<PolicyChange> changes) {
        this(bucket, keyArn, eventBus, status, checks, changes, null);
    }

    /** The central results about one member's grants. */
    public List<CheckResult> about(String accountId) {
        return byAccount.getOrDefault(accountId, List.of());
    }

    public static CentralReport of(String bucket, String keyArn, List<CheckResult> checks, List<PolicyChange> changes) {
        return of(bucket, keyArn, null, checks, changes);
    }

    public static CentralReport of(String bucket, String keyArn, String eventBus, List<CheckResult> checks,
                                   List<PolicyChange> changes) {
        return new CentralReport(bucket, keyArn, eventBus,
                Status.of(checks.stream().filter(r -> !CentralHardening.covers(r.check())).toList()), checks, changes);
    }

    /** The state of the bucket's and key's hardening: reported, never repaired, and no hold on trail repairs. */
    @JsonProperty
    public Status hardening() {
        return Status.of(hardeningChecks());
    }

    /** The hardening results, in the order they were judged. */
    public List<CheckResult> hardeningChecks() {
        return checks.stream().filter(r -> CentralHardening.covers(r.check())).toList();
    }
}
