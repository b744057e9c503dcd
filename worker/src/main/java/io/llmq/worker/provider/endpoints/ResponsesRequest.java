package io.llmq.worker.provider.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.worker.provider.Unsupported;

/**
 * Responses API request → OpenAI chat request, for deployments that do not answer
 * {@code /v1/responses} themselves (and for the Anthropic and Gemini adapters, which take chat).
 * {@code instructions} becomes a leading system message; input messages keep their roles, their
 * {@code input_text}/{@code output_text} parts become text parts and {@code input_image} parts
 * {@code image_url} parts; {@code function_call} items become the assistant's {@code tool_calls}
 * and {@code function_call_output} items tool messages; {@code max_output_tokens} is
 * {@code max_tokens}; {@code text.format} is {@code response_format}; flat function tools are
 * nested as chat wants them. The door (the submitter) refused everything else.
 */
final class ResponsesRequest {
    /** Fields both formats name alike; {@code truncation} has no chat equivalent and is dropped. */
    private static final String[] PASSED = {"temperature", "top_p", "user", "parallel_tool_calls", "safety_identifier",
            "prompt_cache_key"};

    private ResponsesRequest() {
    }

    static ObjectNode toChat(ObjectNode responses) {
        var chat = Json.object();
        chat.put("model", responses.path("model").asText());
        var messages = chat.putArray("messages");
        if (responses.path("instructions").isTextual()) {
            messages.addObject().put("role", "system").put("content", responses.get("instructions").asText());
        }
        var input = responses.path("input");
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
        } else {
            input.forEach(item -> append(messages, item));
        }
        if (responses.hasNonNull("max_output_tokens")) {
            chat.put("max_tokens", responses.get("max_output_tokens").asInt());
        }
        for (var field : PASSED) {
            if (responses.hasNonNull(field)) {
                chat.set(field, responses.get(field));
            }
        }
        if (responses.path("reasoning").path("effort").isTextual()) {
            chat.put("reasoning_effort", responses.at("/reasoning/effort").asText());
        }
        format(responses.path("text").path("format"), chat);
        tools(responses, chat);
        return chat;
    }

    private static void append(ArrayNode messages, JsonNode item) {
        switch (item.path("type").asText("message")) {
            case "message" -> messages.addObject().put("role", item.path("role").asText()).set("content", content(item.path("content")));
            case "function_call" -> {
                var last = messages.isEmpty() ? null : (ObjectNode) messages.get(messages.size() - 1);
                var assistant = last != null && "assistant".equals(last.path("role").asText())
                        ? last : messages.addObject().put("role", "assistant").putNull("content");
                var calls = assistant.has("tool_calls") ? (ArrayNode) assistant.get("tool_calls") : assistant.putArray("tool_calls");
                var call = calls.addObject().put("id", item.path("call_id").asText()).put("type", "function");
                call.putObject("function").put("name", item.path("name").asText()).put("arguments", item.path("arguments").asText());
            }
            case "function_call_output" -> messages.addObject().put("role", "tool")
                    .put("tool_call_id", item.path("call_id").asText()).put("content", item.path("output").asText());
            default -> throw new Unsupported("input item type '" + item.path("type").asText() + "' has no chat equivalent.");
        }
    }

    private static JsonNode content(JsonNode content) {
        if (content.isTextual()) {
            return content;
        }
        var parts = Json.MAPPER.createArrayNode();
        for (var part : content) {
            switch (part.path("type").asText()) {
                case "input_text", "output_text" -> parts.addObject().put("type", "text").put("text", part.path("text").asText());
                case "refusal" -> parts.addObject().put("type", "text").put("text", part.path("refusal").asText());
                case "input_image" -> {
                    var image = parts.addObject().put("type", "image_url").putObject("image_url");
                    image.put("url", part.path("image_url").asText());
                    if (part.path("detail").isTextual()) {
                        image.put("detail", part.get("detail").asText());
                    }
                }
                default -> throw new Unsupported("content part '" + part.path("type").asText() + "' has no chat equivalent.");
            }
        }
        return parts;
    }

    /** Responses' flat {@code {type, name, schema, strict}} is chat's {@code {type, json_schema: {name, schema, strict}}}. */
    private static void format(JsonNode format, ObjectNode chat) {
        switch (format.path("type").asText("text")) {
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                var schema = chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
                copy(format, schema, "name", "description", "schema", "strict");
            }
            default -> {
            }
        }
    }

    private static void tools(ObjectNode responses, ObjectNode chat) {
        var tools = responses.path("tools");
        if (tools.isArray() && !tools.isEmpty()) {
            var list = chat.putArray("tools");
            for (var tool : tools) {
                var function = list.addObject().put("type", "function").putObject("function");
                copy(tool, function, "name", "description", "parameters", "strict");
            }
        }
        var choice = responses.get("tool_choice");
        if (choice != null && choice.isTextual()) {
            chat.put("tool_choice", choice.asText());
        } else if (choice != null && "function".equals(choice.path("type").asText())) {
            chat.putObject("tool_choice").put("type", "function").putObject("function").put("name", choice.path("name").asText());
        }
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (var field : fields) {
            if (from.hasNonNull(field)) {
                to.set(field, from.get(field));
            }
        }
    }
}
