package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import dev.trailauditor.report.Json;
import dev.trailauditor.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo}: the real pipeline on the built-in fleet, audit then repair, with nothing from AWS or the environment. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void namesTheSeededDriftThenRepairsItAndShowsThePolicyDiffs() {
        CliFixture cli = new CliFixture(dir, ConfigFileTest.YAML);
        cli.environment.put("CENTRAL_BUCKET", "not-the-demos-bucket");
        cli.environment.put("COLUMNS", "10000"); // whole lines, to read the content; wrapping is tested below
        cli.aws = settings -> {
            throw new AssertionError("the demo must not reach for AWS");
        };

        int exit = cli.run("demo");

        String out = cli.out();
        assertThat(exit).as("everything repaired").isZero();
        assertThat(cli.err()).isEmpty();
        String audit = out.substring(out.indexOf("=== 1. Audit"), out.indexOf("=== 2. Repair"));
        String repair = out.substring(out.indexOf("=== 2. Repair"), out.indexOf("=== 3."));
        String diffs = out.substring(out.indexOf("=== 3."));

        assertThat(audit).contains("3 of 4 accounts drifted, central policies drifted")
                .contains("trail.logging: expected logging; found stopped since")
                .contains("trail.bucket: expected central-trail-logs; found analytics-team-logs")
                .contains("key-policy.encrypt [555555555555]: expected CloudTrail may encrypt logs of 555555555555")
                .contains("MEDIUM bucket-policy.exposure: expected only CloudTrail, for the registered trails, writes their own"
                        + " log folders; found statement 'AWSCloudTrailWrite-prod' (#2): a trail of an unregistered account may"
                        + " write member logs (members 222222222222)")
                .contains("PLANNED  bucket policy of central-trail-logs")
                .contains("  - {\"Sid\":\"AWSCloudTrailWrite-prod\"")
                .contains("PLANNED     StartLogging IsLogging false -> true")
                .contains("exit code 1");
        assertThat(audit.indexOf("bucket-policy.write [555555555555]")).as("what loses logs comes first")
                .isLessThan(audit.indexOf("bucket-policy.exposure"));
        assertThat(repair).contains("all 4 accounts compliant, 3 repaired")
                .contains("DONE        StartLogging IsLogging false -> true")
                .contains("DONE        UpdateTrail S3BucketName analytics-team-logs -> central-trail-logs")
                .contains("WRITTEN  key policy of arn:aws:kms:eu-west-1:111111111111:key/")
                .contains("REPAIRED    HIGH   bucket-policy.exposure")
                .contains("central grants repaired: bucket-policy.write, key-policy.encrypt")
                .doesNotContain("not in place")
                .contains("exit code 0");
        assertThat(diffs).contains("111111111111 PutBucketPolicy", "111111111111 PutKeyPolicy",
                        "333333333333 StartLogging", "444444444444 UpdateTrail")
                .contains("+ {\"Sid\":\"TrailAuditorWrite555555555555\"")
                .contains("+ {\"Sid\":\"TrailAuditorEncrypt555555555555\"")
                // Only the grant the demo's settings asked to tighten is replaced; every other hand-written one is kept.
                .contains("- {\"Sid\":\"AWSCloudTrailWrite-prod\"")
                .doesNotContain("- {\"Sid\":\"AWSCloudTrailWrite-staging\"");
    }

    @Test
    void everyLineFitsTheTerminalWidthWithTimestampsToTheSecondAndALegend() {
        CliFixture cli = new CliFixture(dir, ConfigFileTest.YAML);

        assertThat(cli.run("demo")).isZero();
        cli.environment.put("COLUMNS", "72");
        cli.run("demo");

        String[] runs = cli.out().split("(?=Trail Auditor demo:)");
        assertThat(runs).hasSize(2);
        assertThat(runs[0].lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
        assertThat(runs[0].lines().filter(line -> line.length() > 72)).as("some lines use the width of 100").isNotEmpty();
        assertThat(runs[1].lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(72));
        assertThat(runs[0]).as("a wrapped statement continues under its line").contains("\n  + {\"Sid\":\"TrailAuditorWrite555555555555\",")
                .containsPattern("stopped since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ[^.]")
                .contains("Reading it: each check is FAIL, REPAIRED or UNREACHABLE");
    }

    @Test
    void jsonPrintsTheTwoJsonReportsOnStdoutAndTheStoryOnStderr() throws Exception {
        CliFixture cli = new CliFixture(dir, ConfigFileTest.YAML);

        int exit = cli.run("demo", "--json");

        List<Report> reports = new ArrayList<>();
        try (MappingIterator<Report> values = Json.MAPPER.readerFor(Report.class).readValues(cli.out())) {
            values.forEachRemaining(reports::add);
        }
        assertThat(exit).isZero();
        assertThat(reports).extracting(Report::summary)
                .containsExactly("3 of 4 accounts drifted, central policies drifted", "all 4 accounts compliant, 3 repaired");
        assertThat(cli.err()).contains("=== 1. Audit", "=== 2. Repair", "exit code 1", "+ {\"Sid\":\"TrailAuditorEncrypt555555555555\"");
    }
}
