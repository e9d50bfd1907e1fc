package dev.trailauditor.report;

import dev.trailauditor.check.CheckResult;
import java.util.List;

/** The central bucket and key policies, and the key itself. */
public record CentralReport(String bucket, String keyArn, Status status, List<CheckResult> checks) {

    public CentralReport {
        checks = List.copyOf(checks);
    }

    /** The central results about one member's grants. */
    public List<CheckResult> about(String accountId) {
        return checks.stream().filter(r -> accountId.equals(r.account())).toList();
    }

    public static CentralReport of(String bucket, String keyArn, List<CheckResult> checks) {
        return new CentralReport(bucket, keyArn, Status.of(checks), checks);
    }
}
