package io.llmq.submitter.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.schema.catalogue.ModelKind;

/**
 * A request's tokens as a quote counts them, with the o200k_base encoding (the gpt-4o family's
 * tokenizer; for other families a close estimate, not their own count). Chat prompts are framed
 * as the worker's rate limiter and the provider-simulator frame them, after OpenAI's cookbook:
 * each message's text plus {@value #PER_MESSAGE}, plus {@value #PER_REPLY} for the reply. An
 * embedding's input is its strings' tokens, or the token ids it already is.
 */
public final class PromptTokens {
    public static final String ENCODING = "o200k_base";
    static final int PER_MESSAGE = 3;
    static final int PER_REPLY = 3;

    private PromptTokens() {
    }

    public static long of(String endpoint, ObjectNode body) {
        return ModelKind.EMBEDDING.endpoint().equals(endpoint) ? embedding(body.path("input")) : chat(body);
    }

    /** The most output tokens a line may cost: its {@code max_completion_tokens} or {@code max_tokens}, else the model's limit; none for embeddings. */
    public static long maxOutput(String endpoint, ObjectNode body, ModelEntry model) {
        if (ModelKind.EMBEDDING.endpoint().equals(endpoint)) {
            return 0;
        }
        return body.hasNonNull("max_completion_tokens") ? body.path("max_completion_tokens").asLong()
                : body.path("max_tokens").asLong(model.maxOutputTokens());
    }

    private static long chat(ObjectNode body) {
        long tokens = PER_REPLY;
        for (JsonNode message : body.path("messages")) {
            tokens += PER_MESSAGE;
            var content = message.path("content");
            if (content.isTextual()) {
                tokens += count(content.asText());
            } else {
                for (JsonNode part : content) {
                    tokens += count(part.path("text").asText(""));
                }
            }
        }
        return tokens;
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

    /** User text with special-token look-alikes ({@code <|endoftext|>}) is ordinary text, as providers count it. */
    private static int count(String text) {
        return text.isEmpty() ? 0 : Vocabulary.O200K.countTokensOrdinary(text);
    }

    /** The vocabulary loads on first use (a second or so), once per JVM. */
    private static final class Vocabulary {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }
}
