package io.llmq.simulator.openai;

import io.llmq.simulator.engine.AnswerFormat;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.simulator.engine.Message;
import io.llmq.simulator.engine.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a Responses API request: {@code instructions} as a leading system message, {@code input} a
 * string (one user message) or input items (messages with string or text-part content, function
 * calls and their outputs), {@code max_output_tokens} at least 16 as OpenAI requires.
 */
final class ResponsesRequestParser {
    static final int MIN_OUTPUT_TOKENS = 16;

    private ResponsesRequestParser() {
    }

    static ParsedRequest parse(byte[] body) {
        try {
            var root = OpenAiJson.object(body);
            var model = ChatRequestParser.model(root.get("model"));
            var messages = new ArrayList<Message>();
            if (root.path("instructions").isTextual()) {
                messages.add(Message.of("system", root.get("instructions").asText()));
            }
            messages.addAll(input(root.get("input")));
            ChatRequestParser.checkTemperature(root.get("temperature"));
            var limit = ChatRequestParser.limit(root.get("max_output_tokens"), "max_output_tokens", MIN_OUTPUT_TOKENS);
            return new ParsedRequest.Valid(new Prompt(model, messages, limit, OptionalLong.empty(), List.of()), root, AnswerFormat.TEXT);
        } catch (Refusal refusal) {
            return new ParsedRequest.Invalid(refusal.error);
        }
    }

    private static List<Message> input(JsonNode input) {
        if (ChatRequestParser.absent(input)) {
            throw new Refusal(OpenAiError.badRequest("Missing required parameter: 'input'.", "input", "missing_required_parameter"));
        }
        if (input.isTextual()) {
            return List.of(Message.of("user", input.asText()));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new Refusal(OpenAiError.invalidType("input", "a string or a non-empty array of input items", OpenAiJson.describe(input)));
        }
        var messages = new ArrayList<Message>();
        for (int i = 0; i < input.size(); i++) {
            messages.add(item(input.get(i), "input[" + i + "]"));
        }
        return messages;
    }

    private static Message item(JsonNode item, String param) {
        var type = item.path("type").asText(item.has("role") ? "message" : "");
        return switch (type) {
            case "message" -> new Message(item.path("role").asText("user"), content(item.path("content"), param + ".content"));
            case "function_call" -> Message.of("assistant", item.path("name").asText() + item.path("arguments").asText());
            case "function_call_output" -> Message.of("tool", item.path("output").asText());
            default -> throw new Refusal(OpenAiError.badRequest("Invalid value: '" + type + "'. Supported values are: 'message',"
                    + " 'function_call' and 'function_call_output'.", param + ".type", "invalid_value"));
        };
    }

    private static List<String> content(JsonNode content, String param) {
        if (content.isTextual()) {
            return List.of(content.asText());
        }
        if (!content.isArray() || content.isEmpty()) {
            throw new Refusal(OpenAiError.invalidType(param, "a string or an array of content parts", OpenAiJson.describe(content)));
        }
        var parts = new ArrayList<String>();
        for (int i = 0; i < content.size(); i++) {
            var part = content.get(i);
            var type = part.path("type").asText();
            if (!type.equals("input_text") && !type.equals("output_text")) {
                // like the chat endpoint, the simulator cannot size an image honestly, so it refuses it
                throw new Refusal(OpenAiError.badRequest("Invalid value: '" + type + "'. Supported values are: 'input_text'"
                        + " and 'output_text'.", param + "[" + i + "].type", "invalid_value"));
            }
            parts.add(part.path("text").asText());
        }
        return parts;
    }
}
