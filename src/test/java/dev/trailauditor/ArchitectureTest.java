package dev.trailauditor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The production packages, as their sources use each other: no cycles, and the core never reaches the CLI or the simulator. */
class ArchitectureTest {
    private static final PackageGraph MAIN = PackageGraph.ofSources(Path.of("src/main/java/dev/trailauditor"));

    @Test
    void readsEveryProductionPackage() {
        assertThat(MAIN.packages()).contains(PackageGraph.ROOT, "aws", "check", "cli", "concurrent", "config",
                "observe", "policy", "repair", "report", "sim");
        assertThat(MAIN.uses("cli")).as("the graph reads real imports").contains(PackageGraph.ROOT, "sim");
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
