package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailauditor.cli.CliArguments.Command;
import dev.trailauditor.cli.CliArguments.UsageException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliArgumentsTest {

    @Test
    void auditWithEveryFlagInBothSpellings() {
        CliArguments args = CliArguments.parse("audit", "--config", "audit.yaml", "--profile=audit-admin",
                "--region", "eu-west-1", "--accounts", "222222222222, 333333333333", "--repair", "--json",
                "--output=report.json", "--verbose");

        assertThat(args.command()).isEqualTo(Command.AUDIT);
        assertThat(args.config()).contains(Path.of("audit.yaml"));
        assertThat(args.profile()).contains("audit-admin");
        assertThat(args.region()).contains("eu-west-1");
        assertThat(args.accounts()).containsExactly("222222222222", "333333333333");
        assertThat(args.repair()).isTrue();
        assertThat(args.json()).isTrue();
        assertThat(args.output()).contains(Path.of("report.json"));
        assertThat(args.verbose()).isTrue();
    }

    @Test
    void aBareAuditIsADryRunOnTheEnvironmentPrintingText() {
        CliArguments args = CliArguments.parse("audit");

        assertThat(args.config()).isEmpty();
        assertThat(args.repair()).isFalse();
        assertThat(args.json()).isFalse();
        assertThat(args.output()).isEmpty();
        assertThat(args.accounts()).isEmpty();
    }

    @Test
    void helpWinsWhereverItStands() {
        assertThat(CliArguments.parse("--help").command()).isEqualTo(Command.HELP);
        assertThat(CliArguments.parse("audit", "--bogus", "-h").command()).isEqualTo(Command.HELP);
        assertThat(CliArguments.parse("demo").command()).isEqualTo(Command.DEMO);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                   | missing command: 'audit', 'demo', 'grants' or 'last-report'",
        "scan                                 | unknown command 'scan': 'audit', 'demo', 'grants' or 'last-report'",
        "--json                               | missing command before --json",
        "audit --config                       | --config needs a value",
        "audit --config --json                | --config needs a value",
        "audit --profile=                     | --profile needs a value",
        "audit --frobnicate                   | unknown option --frobnicate",
        "audit extra                          | unexpected argument 'extra'",
        "audit --repair=yes                   | --repair takes no value",
        "audit --region a --region b          | --region is given twice",
        "audit --accounts 2222,333333333333   | --accounts: '2222' is not a 12-digit account id",
        "demo --repair                        | --repair applies to 'audit' only",
    })
    void mistakesAreNamed(String line, String message) {
        String[] args = line.isEmpty() ? new String[0] : line.trim().split(" +");

        assertThatThrownBy(() -> CliArguments.parse(args)).isInstanceOf(UsageException.class).hasMessageContaining(message);
    }

    @Test
    void accountsAreTrimmedAndEmptyPiecesDropped() {
        assertThat(CliArguments.parse("audit", "--accounts=222222222222,,").accounts()).isEqualTo(List.of("222222222222"));
    }
}
