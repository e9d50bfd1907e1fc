package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailauditor.cli.CliArguments.Command;
import dev.trailauditor.cli.CliArguments.UsageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The arguments of {@code grants} and {@code last-report}: their own flags, and only theirs. */
class OnboardingArgumentsTest {
    @Test
    void grantsTakesTheConfigAndRemoveYes() {
        CliArguments args = CliArguments.parse("grants", "--config", "audit.yaml", "--remove", "--yes", "--profile=p");

        assertThat(args.command()).isEqualTo(Command.GRANTS);
        assertThat(args.config()).contains(Path.of("audit.yaml"));
        assertThat(args.remove()).isTrue();
        assertThat(args.yes()).isTrue();
        assertThat(args.profile()).contains("p");
    }

    @Test
    void lastReportTakesTheLogGroup() {
        CliArguments args = CliArguments.parse("last-report", "--log-group=/aws/lambda/x", "--json", "--region", "eu-west-1");

        assertThat(args.command()).isEqualTo(Command.LAST_REPORT);
        assertThat(args.logGroup()).contains("/aws/lambda/x");
        assertThat(args.json()).isTrue();
        assertThat(args.remove()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "grants --repair                        | --repair does not apply to 'grants'",
        "grants --json                          | --json does not apply to 'grants'",
        "last-report --config a.yaml            | --config does not apply to 'last-report'",
        "last-report --remove                   | --remove applies to 'grants' only",
        "audit --yes                            | --yes applies to 'grants' only",
        "audit --log-group g                    | --log-group applies to 'last-report' only",
        "demo --remove                          | --remove applies to 'grants' only",
        "grants --remove=1                      | --remove takes no value",
        "last-report --log-group a --log-group b | --log-group is given twice",
    })
    void otherCommandsFlagsAreRefusedByName(String line, String message) {
        assertThatThrownBy(() -> CliArguments.parse(line.trim().split(" +")))
                .isInstanceOf(UsageException.class).hasMessageContaining(message);
    }

    @Test
    void helpDocumentsBothCommands(@org.junit.jupiter.api.io.TempDir Path dir) {
        CliFixture cli = new CliFixture(dir, ConfigFileTest.YAML);

        assertThat(cli.run("--help")).isZero();

        assertThat(cli.out()).contains("java -jar trail-auditor.jar grants --config FILE [--remove [--yes]]")
                .contains("java -jar trail-auditor.jar last-report --log-group NAME [--json] [--output FILE]")
                .contains("--remove", "--yes", "--log-group NAME");
    }
}
