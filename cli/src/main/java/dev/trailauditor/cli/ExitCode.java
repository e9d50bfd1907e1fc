package dev.trailauditor.cli;

import dev.trailauditor.report.Report;

/** Exit codes a CI pipeline can branch on; --help documents them. */
final class ExitCode {
    static final int COMPLIANT = 0;
    static final int DRIFT = 1;
    static final int FAILED = 2;

    private ExitCode() {}

    static int of(Report report) {
        if (report.runFailed()) {
            return FAILED;
        }
        return report.compliant() ? COMPLIANT : DRIFT;
    }
}
