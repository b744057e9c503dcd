package io.llmq.worker.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.worker.provider.OpenAiChat;
import io.llmq.worker.provider.Usage;

/**
 * Anthropic message → OpenAI chat.completion. Text blocks join into the content, {@code tool_use}
 * blocks become {@code tool_calls} (or, for the structured-output tool, the content itself);
 * {@code thinking} blocks are dropped. Usage: Anthropic's {@code input_tokens} excludes cached
 * tokens, so prompt tokens = input + cache read + cache creation, of which cache read are cached.
 */
final class AnthropicResponse {

    private AnthropicResponse() {
    }

    static Usage usage(JsonNode message) {
        var u = message.path("usage");
        var cacheRead = u.path("cache_read_input_tokens").asInt(0);
        var cacheWrite = u.path("cache_creation_input_tokens").asInt(0);
        return new Usage(u.path("input_tokens").asInt(0) + cacheRead + cacheWrite, cacheRead, u.path("output_tokens").asInt(0));
    }

    static ObjectNode toOpenAi(JsonNode message, long created) {
        var text = new StringBuilder();
        var toolCalls = Json.MAPPER.createArrayNode();
        String structured = null;
        for (var block : message.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> {
                    if (AnthropicRequest.JSON_TOOL.equals(block.path("name").asText())) {
                        structured = Json.toText(block.path("input"));
                    } else {
                        toolCalls.add(OpenAiChat.toolCall(block.path("id").asText(), block.path("name").asText(), block.path("input")));
                    }
                }
                default -> {
                    // thinking, redacted_thinking, server tool blocks: nothing in OpenAI's chat format holds them
                }
            }
        }
        var finish = finishReason(message.path("stop_reason").asText(null), !toolCalls.isEmpty());
        var content = structured != null ? structured : text.toString();
        if (structured != null && !"length".equals(finish)) {
            // the forced tool is how the answer arrives, not a tool call; a cut answer stays "length" (output checks read it)
            finish = "stop";
        }
        var body = OpenAiChat.completion(message.path("id").asText(), created, message.path("model").asText(), content,
                toolCalls, finish, usage(message));
        // kept so nothing the provider reported is lost: cache writes cost more at Anthropic
        var details = (ObjectNode) body.path("usage");
        details.put("cache_creation_input_tokens", message.path("usage").path("cache_creation_input_tokens").asInt(0));
        return body;
    }

    static String finishReason(String stopReason, boolean toolCalls) {
        if (stopReason == null) {
            return toolCalls ? "tool_calls" : "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }
}
