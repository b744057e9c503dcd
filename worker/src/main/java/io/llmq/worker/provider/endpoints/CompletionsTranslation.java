package io.llmq.worker.provider.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

/**
 * Legacy Completions ↔ chat, for deployments without {@code /v1/completions} (most chat models,
 * Anthropic, Gemini): the prompt is sent as the one user message, sampling settings as they are,
 * and the chat answer's text comes back as {@code choices[0].text} of a {@code text_completion}.
 * A chat model answers a prompt rather than continuing it; docs/providers.md says so.
 */
final class CompletionsTranslation {
    /** OpenAI's default {@code max_tokens} for legacy completions. */
    static final int DEFAULT_MAX_TOKENS = 16;
    private static final String[] PASSED = {"max_tokens", "temperature", "top_p", "stop", "seed", "presence_penalty",
            "frequency_penalty", "logit_bias", "user", "n"};

    private CompletionsTranslation() {
    }

    static ObjectNode toChat(ObjectNode completions) {
        var chat = Json.object();
        chat.put("model", completions.path("model").asText());
        var prompt = completions.path("prompt");
        chat.putArray("messages").addObject().put("role", "user").put("content", (prompt.isArray() ? prompt.path(0) : prompt).asText());
        for (var field : PASSED) {
            if (completions.hasNonNull(field)) {
                chat.set(field, completions.get(field));
            }
        }
        if (!chat.has("max_tokens")) {
            // the legacy endpoint stops at 16 tokens when the request names no limit; a chat model would not
            chat.put("max_tokens", DEFAULT_MAX_TOKENS);
        }
        return chat;
    }

    static ObjectNode fromChat(JsonNode chat) {
        var out = Json.object();
        out.put("id", "cmpl-" + ResponsesAnswer.suffix(chat.path("id").asText()));
        out.put("object", "text_completion");
        out.put("created", chat.path("created").asLong());
        out.put("model", chat.path("model").asText());
        var choices = out.putArray("choices");
        for (var choice : chat.path("choices")) {
            var finish = choice.path("finish_reason").asText("stop");
            choices.addObject()
                    .put("text", choice.path("message").path("content").asText(""))
                    .put("index", choice.path("index").asInt(choices.size()))
                    .putNull("logprobs")
                    .put("finish_reason", finish.equals("tool_calls") ? "stop" : finish);
        }
        var usage = chat.path("usage");
        out.putObject("usage")
                .put("prompt_tokens", usage.path("prompt_tokens").asInt(0))
                .put("completion_tokens", usage.path("completion_tokens").asInt(0))
                .put("total_tokens", usage.path("prompt_tokens").asInt(0) + usage.path("completion_tokens").asInt(0));
        return out;
    }
}
