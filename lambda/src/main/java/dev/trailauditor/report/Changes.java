package dev.trailauditor.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What changed since the previous run, finding by finding (see {@link ChangeClassifier}).
 *
 * @param since the run compared with; null when there was none to compare with (every finding is then new)
 * @param newDrift failed or unreachable now, not before
 * @param stillOpen failed or unreachable now and before
 * @param repaired fixed by a repair of this run (whether or not the previous run had seen it)
 * @param resolved failed or unreachable before, passing now without a repair of this run
 * @param accountsAdded audited now, not in the previous report
 * @param accountsRemoved in the previous report, no longer registered (their findings are not called resolved)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Changes(Since since, @JsonProperty("new") List<Finding> newDrift, List<Finding> stillOpen,
                      List<Finding> repaired, List<Finding> resolved, List<String> accountsAdded,
                      List<String> accountsRemoved) {

    /** The run a report is compared with. */
    public record Since(String runId, Instant startedAt) {}

    /**
     * One finding, as the comparison keys it: check id, the account it is about (null for the central key and the
     * policies themselves) and, for a check that yields several findings on one account, the part of its detail that
     * tells them apart.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Finding(String check, String account, String detail, String severity, String outcome) {
        @JsonIgnore
        String key() {
            return check + "|" + account + "|" + detail;
        }
    }

    public Changes {
        newDrift = List.copyOf(newDrift);
        stillOpen = List.copyOf(stillOpen);
        repaired = List.copyOf(repaired);
        resolved = List.copyOf(resolved);
        accountsAdded = List.copyOf(accountsAdded);
        accountsRemoved = List.copyOf(accountsRemoved);
    }

    /** Anything that was not already so in the previous run (or there was none to compare with). */
    public boolean any() {
        return since == null || !newDrift.isEmpty() || !repaired.isEmpty() || !resolved.isEmpty()
                || !accountsAdded.isEmpty() || !accountsRemoved.isEmpty();
    }

    /** "2 new, 1 still open, 0 repaired, 1 resolved" */
    public String counts() {
        return newDrift.size() + " new, " + stillOpen.size() + " still open, " + repaired.size() + " repaired, "
                + resolved.size() + " resolved";
    }
}
