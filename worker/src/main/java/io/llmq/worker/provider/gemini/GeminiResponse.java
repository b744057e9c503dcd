package io.llmq.worker.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.worker.provider.OpenAiChat;
import io.llmq.worker.provider.Usage;

/**
 * Gemini {@code GenerateContentResponse} → OpenAI chat.completion, one choice per candidate. Text
 * parts join into the content (thought parts are dropped), {@code functionCall} parts become
 * {@code tool_calls}. Usage from {@code usageMetadata}: prompt tokens include the cached ones;
 * thinking tokens are billed as output, so they count as completion tokens.
 */
final class GeminiResponse {

    private GeminiResponse() {
    }

    static Usage usage(JsonNode response) {
        var u = response.path("usageMetadata");
        return new Usage(u.path("promptTokenCount").asInt(0), u.path("cachedContentTokenCount").asInt(0),
                u.path("candidatesTokenCount").asInt(0) + u.path("thoughtsTokenCount").asInt(0));
    }

    static ObjectNode toOpenAi(JsonNode response, String model, long created) {
        var body = Json.object();
        body.put("id", response.path("responseId").asText("gemini-" + Long.toHexString(created)));
        body.put("object", "chat.completion");
        body.put("created", created);
        body.put("model", response.path("modelVersion").asText(model));
        var choices = body.putArray("choices");
        int call = 0;
        for (var candidate : response.path("candidates")) {
            var text = new StringBuilder();
            var toolCalls = Json.MAPPER.createArrayNode();
            for (var part : candidate.path("content").path("parts")) {
                if (part.path("thought").asBoolean(false)) {
                    continue;
                }
                if (part.has("text")) {
                    text.append(part.path("text").asText());
                } else if (part.has("functionCall")) {
                    var fc = part.path("functionCall");
                    var id = fc.hasNonNull("id") ? fc.get("id").asText() : "call_" + (++call);
                    toolCalls.add(OpenAiChat.toolCall(id, fc.path("name").asText(), fc.path("args")));
                }
            }
            OpenAiChat.addChoice(choices, text.toString(), toolCalls,
                    finishReason(candidate.path("finishReason").asText(null), !toolCalls.isEmpty()));
        }
        if (choices.isEmpty()) {
            // the prompt itself was blocked (promptFeedback.blockReason): billed for the prompt, nothing said
            OpenAiChat.addChoice(choices, "", null, "content_filter");
        }
        OpenAiChat.usage(body, usage(response));
        return body;
    }

    static String finishReason(String reason, boolean toolCalls) {
        if (toolCalls) {
            return "tool_calls";
        }
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
            default -> "stop";
        };
    }
}
