package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.report.CentralReport;
import dev.trailauditor.report.Publication;
import dev.trailauditor.report.Report;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void helpDocumentsTheCommandsFlagsAndExitCodes() {
        CliFixture cli = new CliFixture(dir, ConfigFileTest.YAML);

        assertThat(cli.run("--help")).isZero();

        assertThat(cli.out()).contains("java -jar trail-auditor.jar demo", "java -jar trail-auditor.jar audit [options]")
                .contains("--config FILE", "--profile NAME", "--region REGION", "--accounts IDS", "--repair", "--json",
                        "--output FILE", "--verbose", "AWS_ENDPOINT_URL")
                .contains("0  every account and the central policies are compliant (or were repaired)")
                .contains("1  drift remains")
                .contains("2  the run itself failed");
    }

    @Test
    void aUsageMistakeIsOneLineAndExitTwo() {
        CliFixture cli = new CliFixture(dir, ConfigFileTest.YAML);

        assertThat(cli.run("audit", "--jsn")).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("trail-auditor: unknown option --jsn (see --help)\n");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void exitCodesFollowTheReport() {
        CentralReport central = CentralReport.of("b", "k", List.of(), List.of());
        Report compliant = Report.of("run", "audit", Instant.EPOCH, Instant.EPOCH, central, List.of());
        Report emailFailed = compliant.withPublication(new Publication(Publication.State.FAILED, "t", "s", null, "denied"));

        assertThat(ExitCode.of(compliant)).isEqualTo(ExitCode.COMPLIANT);
        assertThat(ExitCode.of(emailFailed)).isEqualTo(ExitCode.FAILED);
    }
}
