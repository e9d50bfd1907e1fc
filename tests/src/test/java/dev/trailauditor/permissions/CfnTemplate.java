package dev.trailauditor.permissions;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation template as a deployed stack would see it: short-form tags ({@code !If}, {@code !Ref},
 * {@code !Sub}, ...) are read as their long forms ({@code Fn::If}, {@code Ref}, ...), then the intrinsic
 * functions the templates use are evaluated with given parameter values, so that a statement under
 * {@code !If [RepairX, statement, !Ref AWS::NoValue]} is present exactly when RepairX holds.
 * (Plain {@code readTree} drops the tags, which leaves "!Ref X" and the text "X" indistinguishable.)
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
final class CfnTemplate {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final String file;
    private final JsonNode root;

    private CfnTemplate(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static CfnTemplate read(String file) {
        try (YAMLParser parser = (YAMLParser) new YAMLFactory().createParser(Files.readString(Path.of(file)))) {
            parser.nextToken();
            return new CfnTemplate(file, node(parser));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String file() {
        return file;
    }

    JsonNode at(String pointer) {
        return root.at(pointer);
    }

    /** The node at the parser's current token, with its tag (if any) as the long-form function around it. */
    private static JsonNode node(YAMLParser parser) throws IOException {
        String tag = parser.getTypeId();
        JsonNode value;
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            ObjectNode object = NODES.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                object.set(name, node(parser));
            }
            value = object;
        } else if (parser.currentToken() == JsonToken.START_ARRAY) {
            ArrayNode array = NODES.arrayNode();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(node(parser));
            }
            value = array;
        } else {
            value = NODES.textNode(parser.getText());
        }
        if (tag == null) {
            return value;
        }
        // !Ref and !Condition are the long forms Ref and Condition; every other tag is Fn::<tag>.
        return NODES.objectNode().set(tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag, value);
    }

    /** This template deployed with these parameter values (the others take their defaults). */
    Stack deploy(Map<String, String> parameters, Map<String, String> pseudoParameters, Map<String, String> physicalIds) {
        Map<String, String> values = new HashMap<>(pseudoParameters);
        values.putAll(physicalIds);
        root.get("Parameters").fields().forEachRemaining(p -> {
            String given = parameters.get(p.getKey());
            if (given != null) {
                values.put(p.getKey(), given);
            } else if (p.getValue().has("Default")) {
                values.put(p.getKey(), p.getValue().get("Default").asText());
            }
        });
        return new Stack(values);
    }

    /** Evaluates intrinsic functions against one set of values. */
    final class Stack {
        private final Map<String, String> values;

        private Stack(Map<String, String> values) {
            this.values = values;
        }

        String file() {
            return file;
        }

        /** The node at {@code pointer} evaluated: conditions decided, references and substitutions made, NoValue removed. */
        JsonNode resolved(String pointer) {
            JsonNode node = root.at(pointer);
            if (node.isMissingNode()) {
                throw new IllegalArgumentException(file + " has nothing at " + pointer);
            }
            return resolve(node);
        }

        private JsonNode resolve(JsonNode node) {
            if (node.isArray()) {
                ArrayNode out = NODES.arrayNode();
                node.forEach(element -> {
                    JsonNode value = resolve(element);
                    if (!isNoValue(value)) {
                        out.add(value);
                    }
                });
                return out;
            }
            if (!node.isObject()) {
                return node;
            }
            if (node.size() == 1) {
                String function = node.fieldNames().next();
                JsonNode argument = node.get(function);
                switch (function) {
                    case "Ref":
                        return argument.asText().equals("AWS::NoValue") ? node : NODES.textNode(value(argument.asText()));
                    case "Fn::If":
                        return resolve(argument.get(condition(argument.get(0).asText()) ? 1 : 2));
                    case "Fn::Sub":
                        return NODES.textNode(sub(argument));
                    case "Fn::GetAtt": // "Resource.Attribute", given by the test like a physical id
                        return NODES.textNode(value(argument.isArray()
                                ? argument.get(0).asText() + "." + argument.get(1).asText() : argument.asText()));
                    default:
                        if (function.startsWith("Fn::")) {
                            throw new IllegalArgumentException(file + ": " + function + " is not evaluated by this test helper");
                        }
                }
            }
            ObjectNode out = NODES.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = resolve(field.getValue());
                if (!isNoValue(value)) {
                    out.set(field.getKey(), value);
                }
            }
            return out;
        }

        private static boolean isNoValue(JsonNode node) {
            return node.isObject() && node.size() == 1 && node.path("Ref").asText().equals("AWS::NoValue");
        }

        /**
         * The AssertDescription of every assertion of the Rules section that these values break: an assertion counts
         * where its rule has no RuleCondition or the condition holds, as CloudFormation checks them before it creates
         * anything (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html).
         */
        List<String> brokenRules() {
            List<String> broken = new ArrayList<>();
            root.path("Rules").forEach(rule -> {
                if (!rule.has("RuleCondition") || truth(rule.get("RuleCondition"))) {
                    rule.get("Assertions").forEach(assertion -> {
                        if (!truth(assertion.get("Assert"))) {
                            broken.add(assertion.get("AssertDescription").asText());
                        }
                    });
                }
            });
            return broken;
        }

        /** A named condition of the template's Conditions section. */
        boolean condition(String name) {
            JsonNode condition = root.at("/Conditions/" + name);
            if (condition.isMissingNode()) {
                throw new IllegalArgumentException(file + " has no condition " + name);
            }
            return truth(condition);
        }

        private boolean truth(JsonNode node) {
            if (node.has("Condition")) {
                return condition(node.get("Condition").asText());
            }
            String function = node.fieldNames().next();
            JsonNode arguments = node.get(function);
            switch (function) {
                case "Fn::Equals":
                    return resolve(arguments.get(0)).asText().equals(resolve(arguments.get(1)).asText());
                case "Fn::Not":
                    return !truth(arguments.get(0));
                case "Fn::And": {
                    boolean all = true;
                    for (JsonNode argument : arguments) {
                        all &= truth(argument);
                    }
                    return all;
                }
                case "Fn::Or": {
                    boolean any = false;
                    for (JsonNode argument : arguments) {
                        any |= truth(argument);
                    }
                    return any;
                }
                default:
                    throw new IllegalArgumentException(file + ": condition function " + function + " is not evaluated");
            }
        }

        /** !Sub text, or !Sub [text, {variable: value}]. */
        private String sub(JsonNode argument) {
            String text = argument.isArray() ? argument.get(0).asText() : argument.asText();
            Map<String, String> local = new HashMap<>();
            if (argument.isArray()) {
                argument.get(1).fields().forEachRemaining(v -> local.put(v.getKey(), resolve(v.getValue()).asText()));
            }
            Matcher variable = SUB_VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (variable.find()) {
                String name = variable.group(1);
                variable.appendReplacement(out, Matcher.quoteReplacement(local.containsKey(name) ? local.get(name) : value(name)));
            }
            variable.appendTail(out);
            return out.toString();
        }

        private String value(String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException(file + ": no value for " + name + " (a parameter without default, or a resource"
                        + " whose physical id the test did not give)");
            }
            return value;
        }
    }
}
