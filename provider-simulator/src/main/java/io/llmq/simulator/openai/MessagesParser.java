package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.simulator.engine.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code messages[]}, where content is a string or an array of {@code {type:"text", text}} parts. */
final class MessagesParser {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private MessagesParser() {
    }

    static List<Message> messages(JsonNode node) {
        if (ChatRequestParser.absent(node)) {
            throw new Refusal(OpenAiError.badRequest("Missing required parameter: 'messages'.", "messages", "missing_required_parameter"));
        }
        if (!node.isArray()) {
            throw new Refusal(OpenAiError.invalidType("messages", "an array", OpenAiJson.describe(node)));
        }
        if (node.isEmpty()) {
            throw new Refusal(emptyArray("messages"));
        }
        var messages = new ArrayList<Message>(node.size());
        for (int i = 0; i < node.size(); i++) {
            messages.add(message(node.get(i), "messages[" + i + "]"));
        }
        return messages;
    }

    private static Message message(JsonNode node, String param) {
        if (!node.isObject()) {
            throw new Refusal(OpenAiError.invalidType(param, "an object", OpenAiJson.describe(node)));
        }
        var role = node.get("role");
        if (ChatRequestParser.absent(role)) {
            throw new Refusal(OpenAiError.badRequest("Missing required parameter: '" + param + ".role'.", param + ".role", "missing_required_parameter"));
        }
        if (!role.isTextual() || !ROLES.contains(role.textValue())) {
            throw new Refusal(OpenAiError.badRequest("Invalid value: '" + role.asText() + "'. Supported values are: 'system', 'developer',"
                    + " 'user', 'assistant', 'tool', and 'function'.", param + ".role", "invalid_value"));
        }
        return new Message(role.textValue(), content(node.get("content"), role.textValue(), param + ".content"));
    }

    /** Each text part stays separate, because OpenAI tokenizes each part on its own. */
    private static List<String> content(JsonNode node, String role, String param) {
        if (ChatRequestParser.absent(node)) {
            // An assistant turn that only called tools carries no content; every other role must have some.
            if ("assistant".equals(role)) {
                return List.of();
            }
            throw new Refusal(OpenAiError.badRequest("Missing required parameter: '" + param + "'.", param, "missing_required_parameter"));
        }
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw new Refusal(OpenAiError.invalidType(param, "a string or an array of content parts", OpenAiJson.describe(node)));
        }
        if (node.isEmpty()) {
            throw new Refusal(emptyArray(param));
        }
        var parts = new ArrayList<String>(node.size());
        for (int i = 0; i < node.size(); i++) {
            parts.add(textPart(node.get(i), param + "[" + i + "]"));
        }
        return parts;
    }

    /**
     * Only text parts: the simulator cannot size an image or audio clip honestly, so it refuses
     * them rather than bill them at zero tokens.
     */
    private static String textPart(JsonNode part, String param) {
        if (!part.isObject()) {
            throw new Refusal(OpenAiError.invalidType(param, "an object", OpenAiJson.describe(part)));
        }
        var type = part.get("type");
        if (type == null || !type.isTextual() || !"text".equals(type.textValue())) {
            throw new Refusal(OpenAiError.badRequest("Invalid value: '" + (type == null ? "null" : type.asText())
                    + "'. Supported values are: 'text'.", param + ".type", "invalid_value"));
        }
        var text = part.get("text");
        if (text == null || !text.isTextual()) {
            throw new Refusal(OpenAiError.invalidType(param + ".text", "a string", text == null ? "null" : OpenAiJson.describe(text)));
        }
        return text.textValue();
    }

    private static OpenAiError emptyArray(String param) {
        return OpenAiError.badRequest("Invalid '" + param + "': empty array. Expected an array with minimum length 1, but got an"
                + " empty array instead.", param, "empty_array");
    }
}
