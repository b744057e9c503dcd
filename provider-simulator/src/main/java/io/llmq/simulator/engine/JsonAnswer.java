package io.llmq.simulator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.SplittableRandom;

/**
 * Writes a JSON document that fits a JSON Schema, drawn from the request's fingerprint so the same
 * request gets the same document. It knows the keywords structured outputs use: {@code type}
 * (one or a list), {@code properties} (every one is written), {@code items}, {@code enum},
 * {@code const}, {@code anyOf} / {@code oneOf} (the first), local {@code $ref}s, the bounds
 * {@code minimum} / {@code maximum}, {@code minItems} / {@code maxItems}, {@code minLength} /
 * {@code maxLength}. Strings are words of {@link CompletionText}'s vocabulary.
 */
final class JsonAnswer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] WORDS = {"river", "stone", "light", "garden", "paper", "signal", "answer", "number",
            "market", "bridge", "summer", "winter", "silver", "forest", "story", "letter", "music", "table", "record"};
    private static final int MAX_DEPTH = 8;

    private JsonAnswer() {
    }

    /** A document that fits {@code schema}; for plain JSON mode (null schema) an object of a few fields. */
    static String write(JsonNode schema, SplittableRandom random) {
        if (schema == null) {
            var object = NODES.objectNode();
            object.put("answer", word(random) + " " + word(random));
            object.put("score", random.nextInt(100));
            return object.toString();
        }
        return value(schema, schema, random, 0).toString();
    }

    /** A document of the wrong shape for {@code schema}: an array where it wants anything else, else an object. */
    static String misfit(JsonNode schema) {
        var type = schema == null ? "object" : schema.path("type").asText("object");
        return "array".equals(type) ? "{\"llmq_sim\": \"wrong-schema\"}" : "[\"llmq-sim: wrong-schema\"]";
    }

    private static JsonNode value(JsonNode schema, JsonNode root, SplittableRandom random, int depth) {
        if (schema.has("$ref")) {
            var target = root.at(schema.get("$ref").asText().replaceFirst("^#", ""));
            return depth > MAX_DEPTH || target.isMissingNode() ? NODES.nullNode() : value(target, root, random, depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        for (var choice : new String[] {"anyOf", "oneOf", "allOf"}) {
            if (schema.path(choice).isArray() && !schema.get(choice).isEmpty()) {
                return value(schema.get(choice).get(0), root, random, depth + 1);
            }
        }
        return switch (type(schema)) {
            case "object" -> object(schema, root, random, depth);
            case "array" -> array(schema, root, random, depth);
            case "integer" -> NODES.numberNode(between(schema, random, 0, 100));
            case "number" -> NODES.numberNode((double) between(schema, random, 0, 100));
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(string(schema, random));
        };
    }

    private static String type(JsonNode schema) {
        var type = schema.get("type");
        if (type != null && type.isArray()) {
            for (var t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (type != null) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    private static ObjectNode object(JsonNode schema, JsonNode root, SplittableRandom random, int depth) {
        var object = NODES.objectNode();
        if (depth > MAX_DEPTH) {
            return object;
        }
        schema.path("properties").properties().forEach(p -> object.set(p.getKey(), value(p.getValue(), root, random, depth + 1)));
        return object;
    }

    private static ArrayNode array(JsonNode schema, JsonNode root, SplittableRandom random, int depth) {
        var array = NODES.arrayNode();
        var min = schema.path("minItems").asInt(1);
        var max = Math.max(min, schema.path("maxItems").asInt(Math.max(min, 3)));
        var n = depth > MAX_DEPTH ? 0 : min + random.nextInt(Math.min(max, min + 2) - min + 1);
        var items = schema.path("items");
        for (int i = 0; i < n; i++) {
            array.add(items.isObject() ? value(items, root, random, depth + 1) : NODES.textNode(word(random)));
        }
        return array;
    }

    private static long between(JsonNode schema, SplittableRandom random, long low, long high) {
        var min = schema.has("minimum") ? (long) Math.ceil(schema.get("minimum").asDouble()) : low;
        var max = schema.has("maximum") ? (long) Math.floor(schema.get("maximum").asDouble()) : Math.max(min, high);
        return max <= min ? min : min + random.nextLong(max - min + 1);
    }

    private static String string(JsonNode schema, SplittableRandom random) {
        var text = new StringBuilder(word(random));
        var min = schema.path("minLength").asInt(0);
        while (text.length() < min) {
            text.append(' ').append(word(random));
        }
        var max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        return text.length() > max ? text.substring(0, max) : text.toString();
    }

    private static String word(SplittableRandom random) {
        return WORDS[random.nextInt(WORDS.length)];
    }
}
