package dev.trailauditor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.check.Check;
import dev.trailauditor.check.CheckResult;
import dev.trailauditor.check.Outcome;
import dev.trailauditor.check.Severity;
import dev.trailauditor.config.Member;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeClassifierTest {
    private static final Instant START = Instant.parse("2026-11-27T03:00:00Z");
    private static final List<String> REGISTRY = List.of("222222222222", "333333333333");

    private static AccountReport account(String id, CheckResult... results) {
        Member member = Member.of("aws", id, Optional.empty(), "org-trail", "eu-west-1", "TrailAuditorMemberRole", false);
        return AccountReport.of(member, List.of(results), List.of(), List.of(), null);
    }

    private static RunRecord run(int night, List<CheckResult> central, AccountReport... accounts) {
        return RunRecord.of(Report.of("run-" + night, "audit", START.plusSeconds(86_400L * night), START.plusSeconds(86_400L * night),
                CentralReport.of("central-trail-logs", "arn:aws:kms:eu-west-1:111111111111:key/k", central, List.of()),
                List.of(accounts)));
    }

    private static CheckResult result(Check check, String account, Outcome outcome) {
        return new CheckResult(check, account, outcome, "x", outcome == Outcome.PASS ? "x" : "not x");
    }

    private static CheckResult exposure(String way, String members) {
        return new CheckResult(Check.BUCKET_EXPOSURE, null, Outcome.FAIL, "only CloudTrail",
                way + " (members " + members + ")", Severity.CRITICAL);
    }

    private static List<String> ids(List<Changes.Finding> findings) {
        return findings.stream().map(f -> f.check() + " " + f.account() + (f.detail() == null ? "" : " " + f.detail())).toList();
    }

    /** Night 1 finds drift; night 2 one is repaired by the run, one fixed by someone else, one new; night 3 nothing new. */
    @Test
    void threeConsecutiveRunsClassifyEachFinding() {
        RunRecord first = run(1, List.of(result(Check.KEY_USABLE, null, Outcome.PASS),
                        result(Check.BUCKET_WRITE, "333333333333", Outcome.FAIL)),
                account("222222222222", result(Check.TRAIL_LOGGING, "222222222222", Outcome.FAIL),
                        result(Check.TRAIL_PREFIX, "222222222222", Outcome.FAIL)),
                account("333333333333", result(Check.TRAIL_LOGGING, "333333333333", Outcome.PASS)));
        RunRecord second = run(2, List.of(result(Check.KEY_USABLE, null, Outcome.PASS),
                        result(Check.BUCKET_WRITE, "333333333333", Outcome.FAIL)),
                account("222222222222", result(Check.TRAIL_LOGGING, "222222222222", Outcome.REPAIRED),
                        result(Check.TRAIL_PREFIX, "222222222222", Outcome.PASS)),
                account("333333333333", result(Check.TRAIL_LOGGING, "333333333333", Outcome.FAIL)));
        RunRecord third = run(3, List.of(result(Check.KEY_USABLE, null, Outcome.PASS),
                        result(Check.BUCKET_WRITE, "333333333333", Outcome.FAIL)),
                account("222222222222", result(Check.TRAIL_LOGGING, "222222222222", Outcome.PASS),
                        result(Check.TRAIL_PREFIX, "222222222222", Outcome.PASS)),
                account("333333333333", result(Check.TRAIL_LOGGING, "333333333333", Outcome.FAIL)));

        Changes night1 = ChangeClassifier.classify(Optional.empty(), first, REGISTRY);
        assertThat(night1.since()).isNull();
        assertThat(ids(night1.newDrift())).containsExactlyInAnyOrder("trail.logging 222222222222", "trail.prefix 222222222222",
                "bucket-policy.write 333333333333");
        assertThat(night1.any()).as("nothing to compare with counts as a change").isTrue();

        Changes night2 = ChangeClassifier.classify(Optional.of(first), second, REGISTRY);
        assertThat(night2.since()).isEqualTo(new Changes.Since("run-1", first.startedAt()));
        assertThat(ids(night2.newDrift())).containsExactly("trail.logging 333333333333");
        assertThat(ids(night2.stillOpen())).containsExactly("bucket-policy.write 333333333333");
        assertThat(ids(night2.repaired())).containsExactly("trail.logging 222222222222");
        assertThat(ids(night2.resolved())).containsExactly("trail.prefix 222222222222");
        assertThat(night2.resolved().get(0).severity()).isEqualTo("MEDIUM");

        Changes night3 = ChangeClassifier.classify(Optional.of(second), third, REGISTRY);
        assertThat(night3.newDrift()).isEmpty();
        assertThat(ids(night3.stillOpen())).containsExactlyInAnyOrder("bucket-policy.write 333333333333",
                "trail.logging 333333333333");
        assertThat(night3.repaired()).as("a repair is reported in the run that made it, once").isEmpty();
        assertThat(night3.resolved()).isEmpty();
        assertThat(night3.any()).as("only what was already open").isFalse();
        assertThat(night3.counts()).isEqualTo("0 new, 2 still open, 0 repaired, 0 resolved");
    }

    @Test
    void exposuresAreKeyedByTheirWayInNotByTheMembersTheyList() {
        RunRecord before = run(1, List.of(exposure("statement 'Open' (#2): an anonymous caller writes", "222222222222")),
                account("222222222222"));
        RunRecord after = run(2, List.of(
                        exposure("statement 'Open' (#2): an anonymous caller writes", "222222222222, 333333333333"),
                        exposure("statement 'Loose' (#3): another account's trail writes", "333333333333")),
                account("222222222222"), account("333333333333"));

        Changes changes = ChangeClassifier.classify(Optional.of(before), after, REGISTRY);

        assertThat(ids(changes.stillOpen())).containsExactly(
                "bucket-policy.exposure null statement 'Open' (#2): an anonymous caller writes");
        assertThat(ids(changes.newDrift())).containsExactly(
                "bucket-policy.exposure null statement 'Loose' (#3): another account's trail writes");
        assertThat(changes.accountsAdded()).containsExactly("333333333333");
    }

    @Test
    void aRemovedAccountIsSaidOnceAndAChecksNotMadeAreNotResolved() {
        RunRecord before = run(1, List.of(result(Check.BUCKET_WRITE, "444444444444", Outcome.FAIL)),
                account("222222222222", result(Check.TRAIL_LOGGING, "222222222222", Outcome.FAIL)),
                account("333333333333", result(Check.TRAIL_BUCKET, "333333333333", Outcome.FAIL)),
                account("444444444444", result(Check.TRAIL_LOGGING, "444444444444", Outcome.FAIL)));
        // 444 left the registry; 333's trail is gone, so its other checks are not made; 222 is not in this re-check.
        RunRecord after = run(2, List.of(result(Check.STALE_GRANT, "444444444444", Outcome.FAIL)),
                account("333333333333", result(Check.TRAIL_EXISTS, "333333333333", Outcome.FAIL)));

        Changes changes = ChangeClassifier.classify(Optional.of(before), after, REGISTRY);

        assertThat(changes.accountsRemoved()).containsExactly("444444444444");
        assertThat(changes.resolved()).as("nothing was seen passing").isEmpty();
        assertThat(ids(changes.newDrift())).containsExactlyInAnyOrder("trail.exists 333333333333",
                "registry.stale-grant 444444444444");
    }

    @Test
    void aFindingUnreachableNowIsStillOpenNotResolved() {
        RunRecord before = run(1, List.of(), account("222222222222", result(Check.TRAIL_LOGGING, "222222222222", Outcome.FAIL)));
        RunRecord after = run(2, List.of(), account("222222222222",
                result(Check.TRAIL_LOGGING, "222222222222", Outcome.UNREACHABLE)));

        Changes changes = ChangeClassifier.classify(Optional.of(before), after, REGISTRY);

        assertThat(ids(changes.stillOpen())).containsExactly("trail.logging 222222222222");
        assertThat(changes.resolved()).isEmpty();
    }
}
