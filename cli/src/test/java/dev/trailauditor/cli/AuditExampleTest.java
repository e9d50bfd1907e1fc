package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** audit.example.yaml, the file the README's terminal commands start from, stays a working configuration. */
class AuditExampleTest {
    private static final Path EXAMPLE = Path.of("audit.example.yaml");

    @TempDir
    Path dir;

    @Test
    void theExampleLoadsThroughTheCommandLinesConfigReading() {
        ConfigFile file = ConfigFile.read(EXAMPLE);
        var config = ConfigLoader.load(file.values(), file.registry(), name -> Optional.empty());

        assertThat(config.members()).extracting(m -> m.label())
                .containsExactly("prod (222222222222)", "staging (333333333333)", "sandbox (444444444444)");
        assertThat(config.members().get(2).homeRegion()).isEqualTo("us-east-1");
    }

    @Test
    void theReadmesCommandAuditsWithItAsADryRun() throws IOException {
        CliFixture cli = new CliFixture(dir, Files.readString(EXAMPLE));

        int exit = cli.run("audit", "--config", cli.config.toString());

        assertThat(cli.err()).isEmpty();
        assertThat(exit).as(cli.out()).isZero();
        assertThat(cli.out()).contains("all 3 accounts compliant");
        assertThat(cli.writes()).isEmpty();
    }
}
