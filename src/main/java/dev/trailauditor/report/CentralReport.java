package dev.trailauditor.report;

import dev.trailauditor.check.CheckResult;
import dev.trailauditor.repair.PolicyChange;
import java.util.List;

/** The central bucket and key policies, the key itself, and what was planned or changed in them. */
public record CentralReport(String bucket, String keyArn, Status status, List<CheckResult> checks,
                            List<PolicyChange> changes) {

    public CentralReport {
        checks = List.copyOf(checks);
        changes = List.copyOf(changes);
    }

    /** The central results about one member's grants. */
    public List<CheckResult> about(String accountId) {
        return checks.stream().filter(r -> accountId.equals(r.account())).toList();
    }

    public static CentralReport of(String bucket, String keyArn, List<CheckResult> checks, List<PolicyChange> changes) {
        return new CentralReport(bucket, keyArn, Status.of(checks), checks, changes);
    }
}
