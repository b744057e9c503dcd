package io.llmq.worker.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.worker.provider.PromptTokens;

import java.util.function.Consumer;

/**
 * The most tokens a call can consume, reserved from the deployment's token budget before the call
 * and settled against the real usage after it: the prompt's tokens plus the requested
 * {@code max_tokens} (or the model's limit when none is given).
 *
 * <p>Prompt tokens are counted with the o200k_base encoding (the gpt-4o / gpt-4.1 family), framed
 * as OpenAI's cookbook does for chat: each message's content plus 3, plus 3 for the reply. For
 * other families that is an estimate, not a count; it errs high rather than low because the
 * reservation is settled to the real usage afterwards anyway.
 */
public final class TokenEstimate {
    private static final int PER_MESSAGE = 3;
    private static final int PER_REPLY = 3;

    private TokenEstimate() {
    }

    /** A call's token bound in its two parts, which are priced differently. */
    public record Split(long prompt, long maxOutput) {
        int total() {
            return (int) Math.min(Integer.MAX_VALUE, prompt + maxOutput);
        }
    }

    public static int of(ObjectNode body, ModelEntry model) {
        return split(body, model).total();
    }

    /**
     * The prompt of whichever endpoint the body is for: chat {@code messages}, a Responses
     * {@code instructions} and {@code input}, a legacy {@code prompt}, an embeddings or moderation
     * {@code input}. The output bound is the body's limit under any of its endpoints' names.
     */
    public static Split split(ObjectNode body, ModelEntry model) {
        long prompt = PER_REPLY;
        for (JsonNode message : body.path("messages")) {
            prompt += PER_MESSAGE;
            prompt += texts(texts -> PromptTokens.contentTexts(message.path("content"), texts));
        }
        if (body.path("instructions").isTextual()) {
            prompt += PER_MESSAGE + count(body.get("instructions").asText());
        }
        var input = body.path("input");
        if (!input.isMissingNode() && !input.isNull()) {
            prompt += PER_MESSAGE * (input.isArray() ? input.size() : 1L) + texts(texts -> PromptTokens.inputTexts(input, texts));
        }
        var completionPrompt = body.path("prompt");
        if (!completionPrompt.isMissingNode()) {
            prompt += texts(texts -> PromptTokens.inputTexts(completionPrompt, texts));
        }
        return new Split(prompt, maxOutput(body, model));
    }

    private static int maxOutput(ObjectNode body, ModelEntry model) {
        for (var field : new String[] {"max_completion_tokens", "max_output_tokens", "max_tokens"}) {
            if (body.hasNonNull(field)) {
                return body.get(field).asInt();
            }
        }
        return model.maxOutputTokens();
    }

    private static long texts(Consumer<Consumer<String>> source) {
        var total = new long[1];
        source.accept(text -> total[0] += count(text));
        return total[0];
    }

    /**
     * Loads the vocabulary now. Loading it takes a second or two; done lazily, the first few
     * hundred jobs would all wait on one class initialisation, pinning the carrier threads.
     */
    public static void warmUp() {
        count("warm up");
    }

    private static int count(String text) {
        return PromptTokens.count(text);
    }
}
