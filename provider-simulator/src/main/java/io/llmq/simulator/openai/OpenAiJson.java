package io.llmq.simulator.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;

final class OpenAiJson {

    static final String CONTENT_TYPE = "application/json";

    /**
     * Trailing tokens fail the parse, as they do at OpenAI: {@code {"model":"m"} garbage} is not a
     * JSON body. Thread-safe once configured, and never reconfigured.
     */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private OpenAiJson() {
    }

    /** A request body that must be a JSON object; anything else is refused as OpenAI refuses it. */
    static JsonNode object(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new Refusal(OpenAiError.unparsableJson());
        }
        if (root == null || !root.isObject()) {
            throw new Refusal(OpenAiError.unparsableJson());
        }
        return root;
    }

    /** Writing a tree of plain values cannot fail; the wrap only satisfies the checked signature. */
    static byte[] bytes(JsonNode tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write an OpenAI response body", e);
        }
    }

    /** Names a JSON node's type as OpenAI's validation messages do. */
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL, MISSING -> "null";
            case BINARY, POJO -> "an unsupported value";
        };
    }
}
