package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigException;
import dev.trailauditor.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    static final String YAML = """
            # the audit account's settings
            CENTRAL_BUCKET: central-trail-logs
            LOG_PREFIX: org
            CENTRAL_KEY_ARN: arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab
            AUDIT_ACCOUNT_ID: "111111111111"
            DEFAULT_TRAIL_NAME: org-trail
            DEFAULT_HOME_REGION: eu-west-1
            PARALLELISM: 4
            MEMBER_REGISTRY:
              - accountId: "222222222222"
                name: prod
              - accountId: "333333333333"
                name: staging
            """;

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void yamlSettingsLoadWithTheRegistryWrittenAsAList() throws IOException {
        ConfigFile file = ConfigFile.read(file("audit.yaml", YAML));

        AuditConfig config = ConfigLoader.load(file.values(), file.registry(), name -> Optional.empty());

        assertThat(config.centralBucket()).isEqualTo("central-trail-logs");
        assertThat(config.parallelism()).isEqualTo(4);
        assertThat(config.members()).extracting(m -> m.label()).containsExactly("prod (222222222222)", "staging (333333333333)");
    }

    @Test
    void theSamLocalEnvFileReadsAsItIs() {
        ConfigFile file = ConfigFile.read(Path.of("events/env.json"));

        assertThat(file.values()).containsEntry("CENTRAL_BUCKET", "central-trail-logs").containsEntry("PARALLELISM", "8");
        assertThat(ConfigLoader.load(file.values(), file.registry(), name -> Optional.empty()).members()).hasSize(3);
    }

    @Test
    void aBadValueIsReportedWithTheLineThatSetIt() throws IOException {
        ConfigFile file = ConfigFile.read(file("audit.yaml", YAML.replace("LOG_PREFIX: org", "LOG_PREFIX: /org/")
                .replace("PARALLELISM: 4", "PARALLELISM: 500")));

        ConfigException located = file.locate(catchConfig(file));

        assertThat(located.problems()).contains(
                dir.resolve("audit.yaml") + " line 3: LOG_PREFIX='/org/' must not start or end with '/' (CloudTrail adds the separator itself)",
                dir.resolve("audit.yaml") + " line 8: PARALLELISM='500' must be a whole number from 1 to 64");
    }

    @Test
    void aRegistryProblemPointsAtTheRegistryLine() throws IOException {
        ConfigFile file = ConfigFile.read(file("audit.yaml", YAML.replace("\"333333333333\"", "\"3333\"")));

        assertThat(file.locate(catchConfig(file)).problems()).singleElement().asString()
                .startsWith(dir.resolve("audit.yaml") + " line 9: MEMBER_REGISTRY").contains("accountId '3333' must be 12 digits");
    }

    @Test
    void aProblemWithAVariableFromTheEnvironmentIsNotBlamedOnTheFile() throws IOException {
        ConfigFile file = ConfigFile.read(file("audit.yaml", YAML.replace("DEFAULT_TRAIL_NAME: org-trail\n", "")));

        assertThat(file.locate(catchConfig(file)).problems()).containsExactly("DEFAULT_TRAIL_NAME is not set");
    }

    @Test
    void unknownAndRepeatedKeysAreErrorsWithTheirLines() throws IOException {
        Path path = file("audit.yaml", YAML + "CENTRAL_BUKET: typo\nLOG_PREFIX: again\n");

        assertThatThrownBy(() -> ConfigFile.read(path)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        path + " line 14: unknown setting 'CENTRAL_BUKET' (known: " + String.join(", ", ConfigLoader.VARIABLES) + ")",
                        path + " line 15: LOG_PREFIX is set twice (first on line 3)"));
    }

    @Test
    void malformedJsonAndYamlSayFileLineAndColumnWithoutParserInternals() throws IOException {
        Path json = file("audit.json", "{\n  \"CENTRAL_BUCKET\": \"central-trail-logs\",\n  \"LOG_PREFIX\" \"org\"\n}");
        Path unclosed = file("unclosed.json", "{\"CENTRAL_BUCKET\": \"x\",\n \"MEMBER_REGISTRY\": [ {\"accountId\": \"1\" ]\n}\n");
        Path yaml = file("audit.yml", "CENTRAL_BUCKET: central-trail-logs\nLOG_PREFIX: [org\n");

        assertThat(problems(json)).containsExactly(json + " line 3, column 16: not valid JSON: Unexpected character ('\"' (code 34)):"
                + " was expecting a colon to separate field name and value");
        assertThat(problems(unclosed)).containsExactly(unclosed + " line 2, column 41: not valid JSON: Unexpected close marker ']':"
                + " expected '}'");
        assertThat(problems(yaml)).containsExactly(yaml + " line 2, column 17: not valid YAML: while parsing a flow sequence,"
                + " expected ',' or ']', but got <stream end>");
    }

    @Test
    void anAccountIdWrittenAsANumberIsOneProblemSayingToQuoteItInTheDigitsWritten() throws IOException {
        Path yaml = file("audit.yaml", YAML.replace("\"222222222222\"", "022222222222").replace("\"333333333333\"", "333333333333"));
        Path json = file("audit.json", "{\"MEMBER_REGISTRY\": [\n  {\"accountId\": 333333333333}\n]}");

        assertThat(problems(yaml)).containsExactly(
                yaml + " line 10: accountId 022222222222 is a number: quote it (\"022222222222\"), account ids keep their leading zeros",
                yaml + " line 12: accountId 333333333333 is a number: quote it (\"333333333333\"), account ids keep their leading zeros");
        assertThat(problems(json)).containsExactly(
                json + " line 2: accountId 333333333333 is a number: quote it (\"333333333333\"), account ids keep their leading zeros");
    }

    private static List<String> problems(Path path) {
        try {
            ConfigFile.read(path);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError(path + " was read");
    }

    @Test
    void aFileThatIsNotAMappingMissingOrOfAnotherKindIsRefused() throws IOException {
        Path list = file("audit.yaml", "- CENTRAL_BUCKET\n");

        assertThatThrownBy(() -> ConfigFile.read(list)).hasMessageContaining("line 1: must be a mapping of settings");
        assertThatThrownBy(() -> ConfigFile.read(dir.resolve("nope.yaml"))).hasMessageContaining("config file " + dir.resolve("nope.yaml") + " not found");
        assertThatThrownBy(() -> ConfigFile.read(file("audit.toml", "x"))).hasMessageContaining("must end in .json, .yaml or .yml");
    }

    private static ConfigException catchConfig(ConfigFile file) {
        try {
            ConfigLoader.load(file.values(), file.registry(), name -> Optional.empty());
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("the config loaded");
    }
}
