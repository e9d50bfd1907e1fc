package dev.trailauditor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trailauditor.check.CheckResult;
import dev.trailauditor.config.Member;
import dev.trailauditor.repair.TrailStep;
import java.util.List;
import java.util.stream.Stream;

/**
 * One member account: its trail and every check on it. Its status also counts the central
 * grants for this account: a trail that may not write to the bucket is not compliant.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountReport(String accountId, String name, String trailArn, String homeRegion, Status status,
                            List<CheckResult> checks, List<TrailStep> repairs, String note) {

    public AccountReport {
        checks = List.copyOf(checks);
        repairs = List.copyOf(repairs);
    }

    /**
     * @param repairs the trail's repair steps: planned (audit mode) or carried out
     * @param note why a failed check has no repair planned; null when there is nothing to say
     */
    public static AccountReport of(Member member, List<CheckResult> checks, List<CheckResult> centralGrants,
                                   List<TrailStep> repairs, String note) {
        return new AccountReport(member.accountId(), member.name().orElse(null), member.trailArn().toString(),
                member.homeRegion(), Status.of(Stream.concat(checks.stream(), centralGrants.stream()).toList()), checks,
                repairs, note);
    }

    public String label() {
        return name == null ? accountId : name + " (" + accountId + ")";
    }
}
