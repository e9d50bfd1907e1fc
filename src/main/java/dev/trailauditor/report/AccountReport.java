package dev.trailauditor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trailauditor.check.CheckResult;
import dev.trailauditor.config.Member;
import java.util.List;

/** One member account: its trail and every check on it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountReport(String accountId, String name, String trailArn, String homeRegion, Status status,
                            List<CheckResult> checks) {

    public AccountReport {
        checks = List.copyOf(checks);
    }

    public static AccountReport of(Member member, String partition, List<CheckResult> checks) {
        return new AccountReport(member.accountId(), member.name().orElse(null), member.trailArn(partition),
                member.homeRegion(), Status.of(checks), checks);
    }

    public String label() {
        return name == null ? accountId : name + " (" + accountId + ")";
    }
}
