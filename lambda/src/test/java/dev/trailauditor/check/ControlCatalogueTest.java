package dev.trailauditor.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The controls' metadata is the one source: the README's check table is exactly what it generates. */
class ControlCatalogueTest {

    /** The table as the README must hold it, one row per control in catalogue order. */
    static String table() {
        String rows = Arrays.stream(Check.values())
                .map(c -> "| `" + c.id() + "` | " + (c.exposure() ? "by who gets in" : c.severity().name()) + " | "
                        + c.title() + " | " + c.risk() + " | " + c.remediation().replace("|", "\\|") + " |")
                .collect(Collectors.joining("\n"));
        return "| id | severity | title | risk while it fails | remediation |\n| --- | --- | --- | --- | --- |\n" + rows + "\n";
    }

    @Test
    void theReadmeCheckTableIsGeneratedFromTheControls() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).as("README.md must hold this table under '## Checks' (paste it from here)").contains(table());
    }

    @Test
    void everyControlSaysWhatIsAtRiskAndWhatToDoAndWhatItReads() {
        for (Check check : Check.values()) {
            assertThat(check.title()).as(check.id()).isNotBlank();
            assertThat(check.risk()).as(check.id()).isNotBlank().endsWith(".");
            assertThat(check.remediation()).as(check.id()).isNotBlank().endsWith(".");
            assertThat(check.permissions()).as(check.id()).isNotEmpty()
                    .allSatisfy(p -> assertThat(p).matches("(cloudtrail|s3|kms|events|sns):[A-Z][A-Za-z]+"));
        }
        List<String> ids = Arrays.stream(Check.values()).map(Check::id).toList();
        assertThat(ids).doesNotHaveDuplicates();
    }
}
