package io.llmq.worker.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;

import java.io.IOException;
import java.util.Optional;

/**
 * The part of a {@code /v1/chat/completions} answer the checks read: the first choice's message
 * content and finish reason (the Anthropic and Gemini adapters answer in this shape too). Another
 * endpoint joins the checks with a reader of its own answer shape.
 */
record ChatAnswer(String content, String finishReason) {

    static Optional<ChatAnswer> read(String body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        var choice = root == null ? null : root.path("choices").path(0);
        if (choice == null || !choice.isObject()) {
            return Optional.empty();
        }
        var content = choice.path("message").path("content");
        return Optional.of(new ChatAnswer(content.isTextual() ? content.asText() : null, choice.path("finish_reason").asText(null)));
    }
}
