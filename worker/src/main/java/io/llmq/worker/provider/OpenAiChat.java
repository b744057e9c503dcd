package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading OpenAI chat requests and writing OpenAI chat.completion bodies, for the adapters of other
 * providers: every stored result has OpenAI's shape, whoever answered.
 */
public final class OpenAiChat {

    private OpenAiChat() {
    }

    /** {@code max_completion_tokens} replaced {@code max_tokens}; the newer one rules when both are sent. */
    public static int maxTokens(ObjectNode body, int fallback) {
        if (body.hasNonNull("max_completion_tokens")) {
            return body.get("max_completion_tokens").asInt(fallback);
        }
        return body.path("max_tokens").asInt(fallback);
    }

    /** {@code stop} is a string or an array of strings. */
    public static List<String> stop(JsonNode stop) {
        List<String> out = new ArrayList<>();
        if (stop == null || stop.isNull() || stop.isMissingNode()) {
            return out;
        }
        if (stop.isTextual()) {
            out.add(stop.asText());
        } else {
            stop.forEach(s -> out.add(s.asText()));
        }
        return out;
    }

    /** The text of a message's content: a string, or the text parts of a part array, joined. */
    public static String text(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        var out = new StringBuilder();
        for (var part : content) {
            if ("text".equals(part.path("type").asText())) {
                if (!out.isEmpty()) {
                    out.append("\n");
                }
                out.append(part.path("text").asText());
            }
        }
        return out.toString();
    }

    /** Tool-call arguments are a JSON string in OpenAI's format and an object in the others'. */
    public static JsonNode arguments(String json) {
        if (json == null || json.isBlank()) {
            return Json.object();
        }
        try {
            var node = Json.MAPPER.readTree(json);
            return node == null || node.isMissingNode() ? Json.object() : node;
        } catch (IOException e) {
            // a model's malformed arguments are passed on as a string rather than dropped
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }

    /** A {@code data:<mime>;base64,<data>} URL split in two, or null for any other URL. */
    public static String[] dataUrl(String url) {
        if (url == null || !url.startsWith("data:")) {
            return null;
        }
        var comma = url.indexOf(',');
        var meta = url.substring(5, comma < 0 ? url.length() : comma);
        if (comma < 0 || !meta.endsWith(";base64")) {
            return null;
        }
        return new String[] {meta.substring(0, meta.length() - ";base64".length()), url.substring(comma + 1)};
    }

    /** A one-choice chat.completion. {@code toolCalls} may be empty; usage is what the provider reported. */
    public static ObjectNode completion(String id, long created, String model, String content, ArrayNode toolCalls,
                                        String finishReason, Usage usage) {
        var body = Json.object();
        body.put("id", id);
        body.put("object", "chat.completion");
        body.put("created", created);
        body.put("model", model);
        var choices = body.putArray("choices");
        addChoice(choices, content, toolCalls, finishReason);
        usage(body, usage);
        return body;
    }

    public static void addChoice(ArrayNode choices, String content, ArrayNode toolCalls, String finishReason) {
        var choice = choices.addObject();
        choice.put("index", choices.size() - 1);
        var message = choice.putObject("message");
        message.put("role", "assistant");
        if (content == null || (content.isEmpty() && toolCalls != null && !toolCalls.isEmpty())) {
            message.putNull("content");
        } else {
            message.put("content", content);
        }
        message.putNull("refusal");
        if (toolCalls != null && !toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
    }

    public static void usage(ObjectNode body, Usage usage) {
        var u = body.putObject("usage");
        u.put("prompt_tokens", usage.inputTokens());
        u.put("completion_tokens", usage.outputTokens());
        u.put("total_tokens", usage.inputTokens() + usage.outputTokens());
        u.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
    }

    public static ObjectNode toolCall(String id, String name, JsonNode arguments) {
        var call = Json.object();
        call.put("id", id);
        call.put("type", "function");
        var function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", arguments == null ? "{}" : arguments.isTextual() ? arguments.asText() : Json.toText(arguments));
        return call;
    }
}
