package io.llmq.simulator.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the caller asked the answer's text to be: free text, a JSON object, or a JSON document
 * that fits {@code schema} (OpenAI's {@code response_format}).
 */
public record AnswerFormat(Kind kind, JsonNode schema) {
    public static final AnswerFormat TEXT = new AnswerFormat(Kind.TEXT, null);
    public static final AnswerFormat JSON_OBJECT = new AnswerFormat(Kind.JSON_OBJECT, null);

    public enum Kind { TEXT, JSON_OBJECT, JSON_SCHEMA }

    public static AnswerFormat jsonSchema(JsonNode schema) {
        return new AnswerFormat(Kind.JSON_SCHEMA, schema);
    }

    boolean json() {
        return kind != Kind.TEXT;
    }
}
