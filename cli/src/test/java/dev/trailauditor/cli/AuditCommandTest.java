package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.repair.PolicyChange;
import dev.trailauditor.report.Json;
import dev.trailauditor.report.Report;
import dev.trailauditor.report.Status;
import dev.trailauditor.sim.GrantingPolicies;
import dev.trailauditor.sim.SimBucket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

/** {@code audit} end to end: arguments, config file, the real pipeline on a simulated fleet, output and exit code. */
class AuditCommandTest {
    @TempDir
    Path dir;

    private CliFixture cli() {
        return new CliFixture(dir, ConfigFileTest.YAML);
    }

    @Test
    void aCompliantFleetExitsZeroWithTheReadableReport() {
        CliFixture cli = cli();

        int exit = cli.run("audit", "--config", cli.config.toString());

        assertThat(exit).isZero();
        assertThat(cli.out()).contains(": all 2 accounts compliant").contains("COMPLIANT  prod (222222222222), staging (333333333333)")
                .contains("--json prints the full JSON report");
        assertThat(cli.err()).as("not a terminal: no progress").isEmpty();
    }

    @Test
    void driftExitsOneAndADryRunWritesNothingEvenWhenTheConfigSaysRepair() {
        CliFixture cli = new CliFixture(dir, ConfigFileTest.YAML + "CENTRAL_POLICY_MODE: repair\nTRAIL_MODE: repair\n");
        cli.fleet.account("333333333333").trail("org-trail", "eu-west-1").stopLogging();

        int exit = cli.run("audit", "--config", cli.config.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(cli.writes()).isEmpty();
        assertThat(cli.out()).contains("mode central policies: audit, trails: audit")
                .contains("FAIL        HIGH   trail.logging").contains("PLANNED     StartLogging IsLogging false -> true");
    }

    @Test
    void repairAppliesThePlanAndExitsZeroWhenEverythingIsRepaired() {
        CliFixture cli = cli();
        cli.fleet.account("333333333333").trail("org-trail", "eu-west-1").stopLogging();

        int exit = cli.run("audit", "--config", cli.config.toString(), "--repair");

        assertThat(exit).isZero();
        assertThat(cli.writes()).containsExactly("333333333333 StartLogging");
        assertThat(cli.out()).contains("all 2 accounts compliant, 1 repaired").contains("DONE        StartLogging");
    }

    @Test
    void jsonOutputParsesToTheReportModel() throws Exception {
        CliFixture cli = cli();
        cli.fleet.account("222222222222").trail("org-trail", "eu-west-1").bucket("someone-elses-bucket");

        int exit = cli.run("audit", "--config", cli.config.toString(), "--json");

        Report report = Json.MAPPER.readValue(cli.out(), Report.class);
        assertThat(exit).isEqualTo(1);
        assertThat(report.compliant()).isFalse();
        assertThat(report.summary()).isEqualTo("1 of 2 accounts drifted");
        assertThat(report.accounts()).extracting(a -> a.accountId() + " " + a.status())
                .containsExactly("222222222222 " + Status.DRIFTED, "333333333333 " + Status.COMPLIANT);
        assertThat(report.publication().state()).as("a terminal run prints, it does not email").hasToString("DISABLED");
    }

    @Test
    void outputGoesToTheFileInstead() throws Exception {
        CliFixture cli = cli();
        Path file = dir.resolve("report.json");

        int exit = cli.run("audit", "--config", cli.config.toString(), "--json", "--output", file.toString());

        assertThat(exit).isZero();
        assertThat(cli.out()).isEmpty();
        assertThat(Json.MAPPER.readValue(Files.readString(file), Report.class).totals().accounts()).isEqualTo(2);
    }

    @Test
    void anOutputFileThatCannotBeWrittenIsRefusedBeforeAnyAwsCall() throws Exception {
        CliFixture cli = cli();
        Path missing = dir.resolve("no-such-dir").resolve("report.json");
        Path notADir = Files.writeString(dir.resolve("a-file"), "x").resolve("report.json");

        assertThat(cli.run("audit", "--config", cli.config.toString(), "--output", missing.toString())).isEqualTo(2);
        assertThat(cli.run("audit", "--config", cli.config.toString(), "--output", dir.toString())).isEqualTo(2);
        assertThat(cli.run("audit", "--config", cli.config.toString(), "--output", notADir.toString())).isEqualTo(2);

        assertThat(cli.err()).isEqualTo("trail-auditor: --output " + missing + ": the directory " + missing.getParent()
                + " does not exist\n" + "trail-auditor: --output " + dir + ": is a directory, not a file\n"
                + "trail-auditor: --output " + notADir + ": the directory " + notADir.getParent() + " does not exist\n");
        assertThat(cli.connections).isEmpty();
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aReportThatCannotBeWrittenAfterARepairGoesToStdoutWithThePolicyToRollBackTo() throws Exception {
        CliFixture cli = cli();
        SimBucket bucket = cli.fleet.account("111111111111").bucket("central-trail-logs");
        bucket.policy(GrantingPolicies.bucket("central-trail-logs", "org",
                List.of("arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail")));
        String before = bucket.policy().orElseThrow();
        Path reports = Files.createDirectory(dir.resolve("reports"));
        Path file = reports.resolve("report.json");
        Function<Map<String, String>, AwsClients> aws = cli.aws;
        cli.aws = settings -> {
            try {
                Files.delete(reports); // gone after the check, before the report is written
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return aws.apply(settings);
        };

        int exit = cli.run("audit", "--config", cli.config.toString(), "--repair", "--json", "--output", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.writes()).containsExactly("111111111111 PutBucketPolicy");
        assertThat(cli.err()).isEqualTo("trail-auditor: cannot write the report to " + file
                + " (its directory no longer exists); it follows on standard output instead\n");
        Report report = Json.MAPPER.readValue(cli.out(), Report.class);
        assertThat(report.central().changes()).filteredOn(c -> c.state() == PolicyChange.State.WRITTEN)
                .singleElement().satisfies(c -> assertThat(c.policyBefore()).isEqualTo(before));
    }

    @Test
    void accountsRechecksOnlyThoseAndAnUnregisteredOneIsAFailedRun() {
        CliFixture cli = cli();
        cli.fleet.account("333333333333").trail("org-trail", "eu-west-1").stopLogging();

        assertThat(cli.run("audit", "--config", cli.config.toString(), "--accounts", "222222222222")).isZero();
        assertThat(cli.out()).contains("all 1 account compliant");
        assertThat(cli.run("audit", "--config", cli.config.toString(), "--accounts", "999999999999")).isEqualTo(2);
        assertThat(cli.err()).startsWith("trail-auditor: not registered: 999999999999");
    }

    @Test
    void aBareAuditWithNoConfigurationSaysToUseConfig() {
        CliFixture cli = cli();

        assertThat(cli.run("audit")).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("trail-auditor: no configuration: use --config FILE (audit.example.yaml at the top"
                + " of the repository is one to copy), or set its variables in the environment\n");
        assertThat(cli.connections).isEmpty();
    }

    @Test
    void anEmulatorEndpointAloneIsNoConfiguration() {
        CliFixture cli = cli();
        cli.environment.put("AWS_ENDPOINT_URL", "http://localhost:4566");

        assertThat(cli.run("audit")).isEqualTo(2);
        assertThat(cli.err()).startsWith("trail-auditor: no configuration: use --config FILE");
        assertThat(cli.connections).isEmpty();
    }

    @Test
    void environmentVariablesStillWorkAndTheFileOverridesThem() {
        CliFixture cli = cli();
        ConfigFile file = ConfigFile.read(cli.config);
        cli.environment.putAll(file.values());
        file.registry().ifPresent(registry -> cli.environment.put("MEMBER_REGISTRY", registry.toString()));
        cli.environment.put("LOG_PREFIX", "/wrong/");

        assertThat(cli.run("audit")).as("the environment alone, with a bad prefix").isEqualTo(2);
        assertThat(cli.run("audit", "--config", cli.config.toString())).as("the file's prefix wins").isZero();
    }

    @Test
    void profileAndRegionReachTheClientsAndATopicIsNeverMailedFromATerminal() {
        CliFixture cli = new CliFixture(dir, ConfigFileTest.YAML + "REPORT_TOPIC_ARN: arn:aws:sns:eu-west-1:111111111111:trail-audit\n");

        cli.run("audit", "--config", cli.config.toString(), "--profile", "audit-admin", "--region", "eu-central-1");

        assertThat(cli.connections).singleElement().satisfies(settings -> assertThat(settings)
                .containsEntry("AWS_PROFILE", "audit-admin").containsEntry("AWS_REGION", "eu-central-1")
                .doesNotContainKey("REPORT_TOPIC_ARN"));
    }

    @Test
    void aBadConfigFileExitsTwoWithFileLineAndFieldBeforeAnyAwsCall() throws Exception {
        CliFixture cli = cli();
        Path broken = Files.writeString(dir.resolve("broken.yaml"), ConfigFileTest.YAML.replace("LOG_PREFIX: org", "LOG_PREFIX: /org/"));

        int exit = cli.run("audit", "--config", broken.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("trail-auditor: invalid configuration:\n  " + broken
                + " line 3: LOG_PREFIX='/org/' must not start or end with '/' (CloudTrail adds the separator itself)\n");
        assertThat(cli.connections).isEmpty();
    }

    /** The terminal reads its settings through the function's loader: the same dangerous values are refused. */
    @Test
    void theTerminalRefusesTheDangerousSettingsTheFunctionRefusesAndNeverShowsTheExternalId() throws Exception {
        CliFixture cli = cli();
        Path wide = Files.writeString(dir.resolve("wide.yaml"), ConfigFileTest.YAML.replace("LOG_PREFIX: org", "LOG_PREFIX: org*")
                + "MEMBER_ROLE_NAME_PATTERN: \"*\"\nMEMBER_EXTERNAL_ID: not a valid id!\n"
                + "HISTORY_BUCKET: central-trail-logs\nHISTORY_PREFIX: trail-auditor\n");

        int exit = cli.run("audit", "--config", wide.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains(wide + " line 3: LOG_PREFIX='org*' must not contain '*' or '?'")
                .contains(wide + " line 14: MEMBER_ROLE_NAME_PATTERN='*' is too wide")
                .contains(wide + " line 15: MEMBER_EXTERNAL_ID (not shown: it is a secret) must be")
                .contains(wide + " line 16: HISTORY_BUCKET='central-trail-logs' is the central bucket")
                .doesNotContain("not a valid id!");
        assertThat(cli.connections).isEmpty();
    }

    @Test
    void aDryRunRefusesAModeItWillNotUseBeforeAnyAwsCall() throws Exception {
        CliFixture cli = cli();
        Path fix = Files.writeString(dir.resolve("fix.yaml"), ConfigFileTest.YAML + "CENTRAL_POLICY_MODE: fix\n");
        cli.environment.put("TRAIL_MODE", "repairs");

        int exit = cli.run("audit", "--config", fix.toString());

        assertThat(exit).as("a dry run, yet the mode it would not use is checked").isEqualTo(2);
        assertThat(cli.err()).isEqualTo("trail-auditor: invalid configuration:\n  " + fix
                + " line 14: CENTRAL_POLICY_MODE='fix' must be 'audit' (report only) or 'repair'\n"
                + "  TRAIL_MODE='repairs' must be 'audit' (report only) or 'repair'\n");
        assertThat(cli.connections).isEmpty();
    }

    @Test
    void noCredentialsIsOneLineAndTheStackTraceOnlyWithVerbose() {
        CliFixture cli = cli();
        cli.aws = settings -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain"
                    + " AwsCredentialsProviderChain(credentialsProviders=[...])");
        };

        assertThat(cli.run("audit", "--config", cli.config.toString())).isEqualTo(2);
        assertThat(cli.err()).isEqualTo(
                "trail-auditor: no AWS credentials found: set AWS_PROFILE (or --profile) or run 'aws sso login'\n");

        cli.run("audit", "--config", cli.config.toString(), "--verbose");
        assertThat(cli.err()).contains("\tat dev.trailauditor.cli.");
    }

    @Test
    void anUnknownRegionIsRefusedBeforeAnyAwsCall() {
        CliFixture cli = cli();

        assertThat(cli.run("audit", "--config", cli.config.toString(), "--region", "eu-wast-1")).isEqualTo(2);
        assertThat(cli.err()).contains("--region 'eu-wast-1' is not an AWS region");
        assertThat(cli.connections).isEmpty();
    }
}
