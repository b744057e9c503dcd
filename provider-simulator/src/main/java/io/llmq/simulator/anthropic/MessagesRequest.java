package io.llmq.simulator.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmq.simulator.engine.AnswerFormat;
import io.llmq.simulator.engine.Message;
import io.llmq.simulator.engine.Prompt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a Messages API request into the engine's {@link Prompt}: {@code system} (a string or text
 * blocks) becomes a system message; text, tool_use and tool_result blocks are sized as text.
 * Refuses what Anthropic refuses: no {@code max_tokens}, roles other than user / assistant.
 */
final class MessagesRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A parsed prompt, or the 400 that says why not. {@code forcedTool} names the tool that
     * {@code tool_choice} forces, whose {@code input_schema} the answer fills ({@code format}); null for text.
     */
    record Parsed(Prompt prompt, AnthropicError error, String forcedTool, AnswerFormat format) {
        Parsed(Prompt prompt, AnthropicError error) {
            this(prompt, error, null, AnswerFormat.TEXT);
        }
    }

    private MessagesRequest() {
    }

    static Parsed parse(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            return refuse("Request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            return refuse("Request body must be a JSON object.");
        }
        if (!root.path("model").isTextual() || root.path("model").asText().isBlank()) {
            return refuse("model: Field required");
        }
        if (!root.path("max_tokens").isIntegralNumber() || root.path("max_tokens").asLong() < 1) {
            return refuse("max_tokens: Field required (a positive integer)");
        }
        if (!root.path("messages").isArray() || root.path("messages").isEmpty()) {
            return refuse("messages: at least one message is required");
        }
        var messages = new ArrayList<Message>();
        var system = root.get("system");
        if (system != null && !system.isNull()) {
            messages.add(new Message("system", texts(system)));
        }
        for (var m : root.path("messages")) {
            var role = m.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                return refuse("messages: Unexpected role \"" + role + "\". Allowed roles are \"user\" or \"assistant\"");
            }
            messages.add(new Message(role, texts(m.path("content"))));
        }
        var stop = new ArrayList<String>();
        root.path("stop_sequences").forEach(s -> stop.add(s.asText()));
        var t = root.get("temperature");
        if (t != null && t.isNumber() && (t.asDouble() < 0 || t.asDouble() > 1)) {
            return refuse("temperature: must be between 0 and 1");
        }
        var max = root.get("max_tokens").canConvertToInt() ? root.get("max_tokens").intValue() : Prompt.NO_LIMIT;
        var prompt = new Prompt(root.get("model").asText(), messages, max, OptionalLong.empty(), stop);
        var forced = root.path("tool_choice").path("type").asText().equals("tool") ? root.path("tool_choice").path("name").asText() : null;
        for (var tool : root.path("tools")) {
            if (forced != null && forced.equals(tool.path("name").asText()) && tool.path("input_schema").isObject()) {
                return new Parsed(prompt, null, forced, AnswerFormat.jsonSchema(tool.get("input_schema")));
            }
        }
        return new Parsed(prompt, null);
    }

    /** A string, or blocks: text is text; tool input and results are sized as their JSON / text. */
    private static List<String> texts(JsonNode content) {
        List<String> parts = new ArrayList<>();
        if (content.isTextual()) {
            parts.add(content.asText());
            return parts;
        }
        for (var block : content) {
            switch (block.path("type").asText()) {
                case "text" -> parts.add(block.path("text").asText());
                case "tool_use" -> parts.add(block.path("name").asText() + block.path("input").toString());
                case "tool_result" -> parts.add(block.path("content").isTextual() ? block.path("content").asText()
                        : String.join("\n", texts(block.path("content"))));
                default -> parts.add(block.toString());
            }
        }
        return parts;
    }

    private static Parsed refuse(String message) {
        return new Parsed(null, AnthropicError.invalid(message));
    }
}
