package dev.trailauditor.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies each finding of a run against the previous run's report: new, still open, repaired, resolved. A finding
 * is a failed or unreachable check result, keyed by check id, account and (where one check yields several findings
 * on one account) the stable part of its detail. Pure: reports in, classification out.
 */
final class ChangeClassifier {
    private ChangeClassifier() {}

    /**
     * @param previous the previous run's report, if there is one to compare with
     * @param registry every registered account (a targeted re-check audits only some of them)
     */
    static Changes classify(Optional<RunRecord> previous, RunRecord current, Collection<String> registry) {
        Map<String, Changes.Finding> open = new LinkedHashMap<>();
        List<Changes.Finding> repaired = new ArrayList<>();
        Set<String> evaluated = new HashSet<>();
        for (RunRecord.Result result : current.results()) {
            evaluated.add(result.evaluated());
            if (result.open()) {
                open.putIfAbsent(result.finding().key(), result.finding());
            } else if (result.outcome().equals("REPAIRED")) {
                repaired.add(result.finding());
            }
        }
        if (previous.isEmpty()) {
            return new Changes(null, List.copyOf(open.values()), List.of(), repaired, List.of(), List.of(), List.of());
        }
        RunRecord before = previous.get();
        Set<String> removed = new HashSet<>(before.accounts().keySet());
        removed.removeAll(registry);
        Map<String, Changes.Finding> openBefore = new LinkedHashMap<>();
        before.results().stream().filter(RunRecord.Result::open)
                .forEach(r -> openBefore.putIfAbsent(r.finding().key(), r.finding()));
        Set<String> repairedKeys = new HashSet<>();
        repaired.forEach(f -> repairedKeys.add(f.check() + "|" + f.account()));

        List<Changes.Finding> newDrift = new ArrayList<>();
        List<Changes.Finding> stillOpen = new ArrayList<>();
        open.forEach((key, finding) -> (openBefore.containsKey(key) ? stillOpen : newDrift).add(finding));
        List<Changes.Finding> resolved = new ArrayList<>();
        for (RunRecord.Result was : before.results()) {
            Changes.Finding finding = was.finding();
            String checked = was.evaluated();
            boolean gone = was.open() && !open.containsKey(finding.key()) && !repairedKeys.contains(checked);
            // Resolved only when this run looked and found it passing: not for an account that left the registry (said
            // once, as removed), nor for a check this run did not make (a targeted re-check of other accounts, or a
            // missing trail, whose other checks are not reported).
            if (gone && !removed.contains(was.account()) && evaluated.contains(checked)
                    && openBefore.remove(finding.key()) != null) {
                resolved.add(finding);
            }
        }
        List<String> added = current.accounts().keySet().stream().filter(a -> !before.accounts().containsKey(a)).toList();
        return new Changes(new Changes.Since(before.runId(), before.startedAt()), newDrift, stillOpen, repaired, resolved,
                added, removed.stream().filter(before.accounts()::containsKey).sorted().toList());
    }
}
