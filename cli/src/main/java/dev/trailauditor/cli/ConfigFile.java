package dev.trailauditor.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigException;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.config.Member;
import dev.trailauditor.config.ParseErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON or YAML settings file for a terminal run: the environment variable names as keys, so it
 * feeds the same {@link ConfigLoader}. Each key's line is kept, so a problem ConfigLoader finds
 * with a value can point at the line that set it. The registry may be written as a list: it is
 * handed to ConfigLoader as the parsed tree, not turned back into text. {@code events/env.json},
 * whose settings sit under one function name, reads as it is.
 */
final class ConfigFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String name;
    private final Map<String, String> values;
    private final Optional<JsonNode> registry;
    private final Map<String, Integer> lines;

    private ConfigFile(String name, Map<String, String> values, Optional<JsonNode> registry, Map<String, Integer> lines) {
        this.name = name;
        this.values = values;
        this.registry = registry;
        this.lines = lines;
    }

    /** The settings written as text, each a variable name of {@link ConfigLoader#VARIABLES}. */
    Map<String, String> values() {
        return values;
    }

    /** MEMBER_REGISTRY when written as a list (or mapping), as parsed; empty when written as text or not at all. */
    Optional<JsonNode> registry() {
        return registry;
    }

    /**
     * The configuration validated from these settings with this file's registry, problems located in the file.
     *
     * @param settings the file's values on top of the environment's (see {@link TerminalSettings})
     */
    AuditConfig load(Map<String, String> settings, ConfigLoader.ParameterReader parameters) {
        try {
            return ConfigLoader.load(settings, registry, parameters);
        } catch (ConfigException e) {
            throw locate(e);
        }
    }

    /** @throws ConfigException when the file is missing, unreadable, malformed or has unknown keys (with lines) */
    static ConfigFile read(Path path) {
        String name = path.toString();
        ObjectMapper mapper = mapperFor(name);
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(List.of("config file " + name + " not found"));
        }
        try (JsonParser parser = mapper.createParser(path.toFile())) {
            return new Reader(name, mapper, parser).read();
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(name + " " + ParseErrors.position(e) + ": not valid "
                    + (mapper == YAML ? "YAML" : "JSON") + ": " + ParseErrors.message(e)));
        } catch (IOException e) {
            throw new ConfigException(List.of("config file " + name + " could not be read: " + e.getMessage()));
        }
    }

    private static ObjectMapper mapperFor(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return JSON;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return YAML;
        }
        throw new ConfigException(List.of("config file " + name + " must end in .json, .yaml or .yml"));
    }

    /**
     * The same problems, each naming a variable this file set prefixed with the file and line:
     * "audit.yaml line 4: CENTRAL_BUCKET='...' must be ...". Problems about the environment stay as they are.
     */
    ConfigException locate(ConfigException error) {
        return new ConfigException(error.problems().stream().map(this::locate).toList());
    }

    private String locate(String problem) {
        return variableNamedBy(problem)
                .filter(lines::containsKey)
                .map(variable -> name + " line " + lines.get(variable) + ": " + problem)
                .orElse(problem);
    }

    /** The longest variable the problem starts with (MEMBER_REGISTRY_PARAMETER, not MEMBER_REGISTRY). */
    private static Optional<String> variableNamedBy(String problem) {
        return ConfigLoader.VARIABLES.stream().filter(problem::startsWith).max(Comparator.comparingInt(String::length));
    }

    /** Walks the top-level mapping token by token, so each key's line is known. */
    private static final class Reader {
        private final String name;
        private final ObjectMapper mapper;
        private final JsonParser parser;
        private final Map<String, String> values = new LinkedHashMap<>();
        private JsonNode registry;
        private final Map<String, Integer> lines = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();

        Reader(String name, ObjectMapper mapper, JsonParser parser) {
            this.name = name;
            this.mapper = mapper;
            this.parser = parser;
        }

        ConfigFile read() throws IOException {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ConfigException(List.of(name + " line " + line() + ": must be a mapping of settings,"
                        + " like CENTRAL_BUCKET: central-trail-logs"));
            }
            readFields(true);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new ConfigFile(name, values, Optional.ofNullable(registry), lines);
        }

        private void readFields(boolean topLevel) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int line = line();
                JsonToken value = parser.nextToken();
                if (topLevel && value == JsonToken.START_OBJECT && !ConfigLoader.VARIABLES.contains(key)) {
                    readFields(false); // {"AuditFunction": {...}}: the sam local invoke --env-vars shape
                } else if (!ConfigLoader.VARIABLES.contains(key)) {
                    problems.add(name + " line " + line + ": unknown setting '" + key + "' (known: "
                            + String.join(", ", ConfigLoader.VARIABLES) + ")");
                    parser.skipChildren();
                } else if (lines.containsKey(key)) {
                    problems.add(name + " line " + line + ": " + key + " is set twice (first on line " + lines.get(key) + ")");
                    parser.skipChildren();
                } else {
                    lines.put(key, line);
                    read(key, value);
                }
            }
        }

        /**
         * Scalars as written; null as unset; a list or mapping as its tree: the registry's kept as parsed, any
         * other setting's as compact JSON text, so ConfigLoader names it with what it is not.
         */
        private void read(String key, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return;
            }
            if (value != JsonToken.START_ARRAY && value != JsonToken.START_OBJECT) {
                values.put(key, parser.getText());
                return;
            }
            JsonNode tree = mapper.readTree(unquotedAccountIdsReported());
            if (key.equals(ConfigLoader.MEMBER_REGISTRY)) {
                registry = tree;
            } else {
                values.put(key, JSON.writeValueAsString(tree));
            }
        }

        /**
         * The parser, reporting an accountId written as a number with its line and as the file wrote it: once
         * in the tree, YAML's 012345678901 is the octal 1402433 and the registry could not say what to quote.
         */
        private JsonParser unquotedAccountIdsReported() {
            return new JsonParserDelegate(parser) {
                @Override
                public JsonToken nextToken() throws IOException {
                    JsonToken token = super.nextToken();
                    if (token != null && token.isNumeric() && "accountId".equals(currentName())) {
                        problems.add(name + " line " + line() + ": " + Member.unquotedAccountId(getText()));
                    }
                    return token;
                }
            };
        }

        private int line() {
            return parser.currentTokenLocation().getLineNr();
        }
    }
}
