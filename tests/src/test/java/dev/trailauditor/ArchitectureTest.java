package dev.trailauditor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The production packages, as their sources use each other: no cycles, and the core never reaches the CLI or the
 * simulator. The modules hold the same line at compile time (lambda depends on neither sim nor cli).
 */
class ArchitectureTest {
    private static final Path LAMBDA = Path.of("lambda/src/main/java/dev/trailauditor");
    private static final Pattern POLICY_CLASS = Pattern.compile("dev\\.trailauditor\\.policy\\.(\\w+)");
    private static final PackageGraph MAIN = PackageGraph.ofSources(LAMBDA,
            Path.of("sim/src/main/java/dev/trailauditor"), Path.of("cli/src/main/java/dev/trailauditor"));

    @Test
    void readsEveryProductionPackage() {
        assertThat(MAIN.packages()).contains(PackageGraph.ROOT, "aws", "check", "cli", "concurrent", "config",
                "observe", "policy", "repair", "report", "sim");
        assertThat(MAIN.uses("cli")).as("the graph reads real imports").contains(PackageGraph.ROOT, "sim");
    }

    @Test
    void theLambdaModuleHoldsNeitherTheCliNorTheSimulator() {
        PackageGraph lambda = PackageGraph.ofSources(LAMBDA);
        assertThat(lambda.packages()).contains(PackageGraph.ROOT, "aws", "policy", "report").doesNotContain("cli", "sim");
        assertThat(lambda.usersOf("sim")).isEmpty();
        assertThat(lambda.usersOf("cli")).isEmpty();
    }

    /**
     * sim's CloudTrail destination check decides what the scenario tests' repairs are judged by, so of the IAM model
     * it may use the ARN value type alone: nothing that reads or judges a policy.
     */
    @Test
    void theSimulatorJudgesPoliciesWithItsOwnReadingNotTheEvaluatorUnderTest() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("sim/src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher reference = POLICY_CLASS.matcher(Files.readString(file));
                while (reference.find()) {
                    used.add(reference.group(1));
                }
            }
        }
        assertThat(used).as("classes of dev.trailauditor.policy that sim uses").containsOnly("Arn");
    }

    @Test
    void packagesHaveNoCycles() {
        assertThat(MAIN.cycles()).as("package cycles in\n%s", MAIN.describe()).isEmpty();
    }

    @Test
    void nothingUsesTheCli() {
        assertThat(MAIN.usersOf("cli")).as("packages that use cli, in\n%s", MAIN.describe()).isEmpty();
    }

    @Test
    void onlyTheCliUsesTheSimulator() {
        // The demo is the CLI's; the Lambda's code path (Auditor, AuditHandler and the core) never runs the simulator.
        assertThat(MAIN.usersOf("sim")).as("packages that use sim, in\n%s", MAIN.describe()).isEqualTo(Set.of("cli"));
    }
}
