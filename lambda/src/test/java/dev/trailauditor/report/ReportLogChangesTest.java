package dev.trailauditor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.check.Check;
import dev.trailauditor.check.CheckResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classified findings go in lines of their own, a bounded number each, and read back as they were. */
class ReportLogChangesTest {
    private static final Instant START = Instant.parse("2026-11-29T03:00:00Z");

    @Test
    void changesAreLoggedInBoundedLinesAndReadBackWhole() {
        List<Changes.Finding> fresh = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            fresh.add(new Changes.Finding("trail.logging", String.valueOf(200_000_000_000L + i), null, "HIGH", "FAIL"));
        }
        Changes changes = new Changes(new Changes.Since("run-0", START.minusSeconds(86_400)), fresh,
                List.of(new Changes.Finding("bucket-policy.exposure", null, "statement #2: anyone writes", "CRITICAL", "FAIL")),
                List.of(), List.of(new Changes.Finding("trail.prefix", "222222222222", null, "MEDIUM", "FAIL")),
                List.of("333333333333"), List.of("444444444444"));
        Report report = Report.of("run-1", "audit", START, START.plusSeconds(3),
                CentralReport.of("central-trail-logs", "arn:aws:kms:eu-west-1:111111111111:key/k",
                        List.of(CheckResult.pass(Check.KEY_USABLE, null, "x", "x")), List.of()), List.of())
                .withChanges(changes, List.of("a warning"));

        List<String> lines = ReportLog.lines(report);

        assertThat(lines).as("run, 3 changes lines of at most 500 findings, central").hasSize(5);
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThan(100_000));
        ReportLogReader reader = new ReportLogReader();
        lines.forEach(reader::accept);
        Report read = reader.newestComplete().orElseThrow();
        assertThat(read.changes()).isEqualTo(changes);
        assertThat(read.warnings()).containsExactly("a warning");
    }
}
