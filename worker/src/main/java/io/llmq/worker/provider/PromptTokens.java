package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.function.Consumer;

/**
 * Tokens of text with the o200k_base encoding (the gpt-4o / gpt-4.1 family and OpenAI's
 * moderation models), and the texts of each endpoint's input: what the rate limiter reserves
 * and what a moderation call, whose answer reports no usage, is entered in the ledger with.
 */
public final class PromptTokens {

    private PromptTokens() {
    }

    /** Special-token text such as {@code <|endoftext|>} counts as ordinary text, as OpenAI counts user content. */
    public static int count(String text) {
        return text.isEmpty() ? 0 : Vocabulary.O200K.countTokensOrdinary(text);
    }

    /**
     * The texts of an {@code input} field (Responses, Embeddings, Moderations): a string, or an array
     * of strings, of {@code {type: "text", text}} objects, or of Responses input items with their
     * content parts, function arguments and outputs. Token-id arrays carry no text.
     */
    public static void inputTexts(JsonNode input, Consumer<String> texts) {
        if (input.isTextual()) {
            texts.accept(input.asText());
            return;
        }
        for (var item : input) {
            if (item.isTextual()) {
                texts.accept(item.asText());
                continue;
            }
            for (var field : new String[] {"text", "arguments", "output"}) {
                if (item.path(field).isTextual()) {
                    texts.accept(item.get(field).asText());
                }
            }
            contentTexts(item.path("content"), texts);
        }
    }

    /** A message's content: a string, or parts whose {@code text} is counted. */
    public static void contentTexts(JsonNode content, Consumer<String> texts) {
        if (content.isTextual()) {
            texts.accept(content.asText());
            return;
        }
        for (var part : content) {
            if (part.path("text").isTextual()) {
                texts.accept(part.get("text").asText());
            }
        }
    }

    /** The sum of the tokens of each text of a moderation request's {@code input}, as OpenAI's tokenizer counts them. */
    public static int ofInput(JsonNode input) {
        var total = new int[1];
        inputTexts(input, text -> total[0] += count(text));
        return total[0];
    }

    /** The vocabulary loads on first use, once per JVM. */
    private static final class Vocabulary {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }
}
