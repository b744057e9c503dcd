package io.llmq.submitter.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.schema.catalogue.ModelKind;

/**
 * A request's tokens as a quote counts them: the prompt of any endpoint as the worker's rate
 * limiter counts it ({@link io.llmq.schema.tokens.PromptTokens}, o200k_base: the gpt-4o family's
 * tokenizer, for other families a close estimate), except an embedding's input, which is its
 * strings' tokens, or the token ids it already is, with no framing.
 */
public final class PromptTokens {
    public static final String ENCODING = io.llmq.schema.tokens.PromptTokens.ENCODING;

    private PromptTokens() {
    }

    public static long of(String endpoint, ObjectNode body) {
        return ModelKind.EMBEDDING.endpoint().equals(endpoint) ? embedding(body.path("input"))
                : io.llmq.schema.tokens.PromptTokens.prompt(body);
    }

    /** The most output tokens a line may cost: its own limit, else the model's; none for embeddings and moderations. */
    public static long maxOutput(String endpoint, ObjectNode body, ModelEntry model) {
        if (ModelKind.EMBEDDING.endpoint().equals(endpoint) || ModelKind.MODERATION.endpoint().equals(endpoint)) {
            return 0;
        }
        return io.llmq.schema.tokens.PromptTokens.maxOutput(body, model.maxOutputTokens());
    }

    private static long embedding(JsonNode input) {
        if (input.isTextual()) {
            return count(input.asText());
        }
        long tokens = 0;
        for (JsonNode item : input) {
            tokens += item.isTextual() ? count(item.asText()) : item.isArray() ? item.size() : 1;
        }
        return tokens;
    }

    private static int count(String text) {
        return io.llmq.schema.tokens.PromptTokens.count(text);
    }
}
