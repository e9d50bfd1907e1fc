package dev.trailauditor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The checker behind {@link ArchitectureTest} finds what it is there to find. */
class PackageGraphTest {

    @Test
    void readsImportsStaticImportsWildcardsAndQualifiedNamesButNotComments() {
        PackageGraph graph = new PackageGraph();
        graph.addSource("""
                package dev.trailauditor.repair;

                import dev.trailauditor.policy.PolicyDocument;
                import static dev.trailauditor.config.Rules.isRegion;
                import dev.trailauditor.observe.*;
                import dev.trailauditor.Auditor;
                import dev.trailauditor.repair.TrailStep;
                import dev.trailauditordemo.Other;

                /** See {@link dev.trailauditor.cli.Main}. */
                class Thing { // dev.trailauditor.sim.Fleet
                    Object json = dev.trailauditor.report.Json.MAPPER;
                }
                """);
        assertThat(graph.uses("repair"))
                .containsExactlyInAnyOrder("policy", "config", "observe", PackageGraph.ROOT, "report");
    }

    @Test
    void theRootPackageIsNamedAsSuch() {
        PackageGraph graph = new PackageGraph();
        graph.addSource("package dev.trailauditor;\nimport dev.trailauditor.report.Report;\nclass A {}\n");
        assertThat(graph.uses(PackageGraph.ROOT)).containsExactly("report");
    }

    @Test
    void namesEachCycleOnceFromItsFirstPackage() {
        PackageGraph graph = graph("report -> repair", "repair -> report", "observe -> aws", "aws -> config",
                "config -> observe", "check -> policy");
        assertThat(graph.cycles()).containsExactly("aws -> config -> observe -> aws", "repair -> report -> repair");
    }

    @Test
    void anAcyclicGraphHasNoCycles() {
        PackageGraph graph = graph("report -> repair", "repair -> policy", "report -> policy");
        assertThat(graph.cycles()).isEmpty();
        assertThat(graph.usersOf("policy")).containsExactly("repair", "report");
    }

    @Test
    void refusesSourcesOutsideTheProject() {
        assertThatThrownBy(() -> new PackageGraph().addSource("package org.example;\nclass A {}\n"))
                .hasMessageContaining("org.example");
    }

    private static PackageGraph graph(String... edges) {
        PackageGraph graph = new PackageGraph();
        for (String edge : edges) {
            String[] ends = edge.split(" -> ");
            graph.addEdge(ends[0], ends[1]);
        }
        return graph;
    }
}
