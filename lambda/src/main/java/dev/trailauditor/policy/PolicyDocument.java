package dev.trailauditor.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An IAM policy document (bucket or key policy), read from its JSON text. */
public final class PolicyDocument {
    /**
     * Duplicate keys are an error: which of two Effects or Conditions AWS would use is not ours to
     * guess. Numbers keep their value and digits (1.50E+10 stays 1.50E+10), so foreign statements keep
     * their meaning; the notation may change where BigDecimal writes it plainly (1.50E+1 is written 15.0).
     */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static {
        MAPPER.getFactory().setCharacterEscapes(new SurrogateEscapes());
    }

    /**
     * Writes UTF-16 surrogates as JSON escapes (backslash, u, four hex digits). A policy is sent as UTF-8, which cannot carry an
     * unpaired surrogate (Java's encoder turns it into '?'): escaped, any string a foreign
     * statement holds survives the write exactly. Every other character is written as usual.
     */
    private static final class SurrogateEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Character.isSurrogate((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    private final ObjectNode json;
    private final String version;
    private final String id;
    private final List<Statement> statements;

    private PolicyDocument(ObjectNode json, String version, String id, List<Statement> statements) {
        this.json = json;
        this.version = version;
        this.id = id;
        this.statements = statements;
    }

    /** The policy of a bucket that has none: it grants nothing. */
    public static PolicyDocument empty() {
        return parse("{\"Version\":\"2012-10-17\",\"Statement\":[]}");
    }

    /** Reads any valid IAM policy JSON; throws {@link PolicyParseException} saying what is wrong. */
    public static PolicyDocument parse(String text) {
        if (text == null || text.isBlank()) {
            throw new PolicyParseException("policy is empty");
        }
        JsonNode root = readJson(text);
        if (!root.isObject()) {
            throw new PolicyParseException("policy must be a JSON object, but it is " + describeType(root));
        }
        return of((ObjectNode) root);
    }

    private static PolicyDocument of(ObjectNode root) {
        String version = JsonValues.optionalText(root, "Version", "policy");
        String id = JsonValues.optionalText(root, "Id", "policy");
        return new PolicyDocument(root, version, id, readStatements(root.get("Statement"), "2012-10-17".equals(version)));
    }

    /**
     * This document with another Statement list: every other top-level field (Version, Id...) is kept
     * where it was. The statements are written as a list, even when this document had a single object.
     */
    public PolicyDocument withStatements(List<ObjectNode> newStatements) {
        ObjectNode root = json.deepCopy();
        ArrayNode list = root.putArray("Statement"); // replaces the value in place, keeping field order
        newStatements.forEach(statement -> list.add(statement.deepCopy()));
        return of(root);
    }

    /** This document with another Version, written where the Version was (first when there was none). */
    public PolicyDocument withVersion(String newVersion) {
        ObjectNode root = json.objectNode();
        if (!json.has("Version")) {
            root.put("Version", newVersion);
        }
        json.properties().forEach(field -> root.set(field.getKey(),
                field.getKey().equals("Version") ? root.textNode(newVersion) : field.getValue().deepCopy()));
        return of(root);
    }

    /** Compact JSON (no whitespace), statements in order, each exactly as read: what a write sends. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** The size AWS counts against a policy's limit: UTF-8 bytes of {@link #toJson()}. */
    public int sizeBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8).length;
    }

    /** The statements' JSON, as read, in order. */
    public List<ObjectNode> statementJson() {
        return statements.stream().map(Statement::json).toList();
    }

    private static JsonNode readJson(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PolicyParseException("policy is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Statement may be one object or a list of objects. */
    private static List<Statement> readStatements(JsonNode node, boolean variables) {
        if (node == null) {
            throw new PolicyParseException("policy has no Statement");
        }
        if (node.isObject()) {
            return List.of(Statement.parse((ObjectNode) node, 0, variables));
        }
        if (!node.isArray()) {
            throw new PolicyParseException("policy Statement must be an object or a list of objects, but it is "
                    + describeType(node));
        }
        List<Statement> statements = new ArrayList<>();
        for (JsonNode item : node) {
            int index = statements.size();
            if (!item.isObject()) {
                throw new PolicyParseException("statement #" + (index + 1) + " is not an object");
            }
            statements.add(Statement.parse((ObjectNode) item, index, variables));
        }
        return List.copyOf(statements);
    }

    private static String describeType(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** The Version as written, or null when absent. */
    public String version() {
        return version;
    }

    /** The Id, or null when absent. */
    public String id() {
        return id;
    }

    /** Statements in their original order. */
    public List<Statement> statements() {
        return statements;
    }

    /** A copy of the whole document as written. */
    public ObjectNode json() {
        return json.deepCopy();
    }
}
