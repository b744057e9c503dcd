package io.llmq.schema.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.function.Consumer;

/**
 * Tokens of text with the o200k_base encoding (the gpt-4o / gpt-4.1 family and OpenAI's
 * moderation models), and the texts of each endpoint's input: what the rate limiter reserves,
 * what a quote counts, what a call is written down with before it is sent, and what a moderation
 * call, whose answer reports no usage, is entered in the ledger with. One count for all of them.
 *
 * <p>Prompts are framed as OpenAI's cookbook does for chat: each message's content plus
 * {@value #PER_MESSAGE}, plus {@value #PER_REPLY} for the reply. For other model families that is
 * an estimate, not a count.
 */
public final class PromptTokens {
    public static final String ENCODING = "o200k_base";
    public static final int PER_MESSAGE = 3;
    public static final int PER_REPLY = 3;

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

    /**
     * The prompt of whichever endpoint the body is for: chat {@code messages}, a Responses
     * {@code instructions} and {@code input}, a legacy {@code prompt}, an embeddings or moderation
     * {@code input} (each input item framed like a message).
     */
    public static long prompt(ObjectNode body) {
        long prompt = PER_REPLY;
        for (JsonNode message : body.path("messages")) {
            prompt += PER_MESSAGE + texts(message.path("content"), true);
        }
        if (body.path("instructions").isTextual()) {
            prompt += PER_MESSAGE + count(body.get("instructions").asText());
        }
        var input = body.path("input");
        if (!input.isMissingNode() && !input.isNull()) {
            prompt += PER_MESSAGE * (input.isArray() ? input.size() : 1L) + texts(input, false);
        }
        var completionPrompt = body.path("prompt");
        if (!completionPrompt.isMissingNode()) {
            prompt += texts(completionPrompt, false);
        }
        return prompt;
    }

    /** The body's output limit under any of its endpoints' names, else {@code fallback} (the model's limit). */
    public static long maxOutput(ObjectNode body, long fallback) {
        for (var field : new String[] {"max_completion_tokens", "max_output_tokens", "max_tokens"}) {
            if (body.hasNonNull(field)) {
                return body.get(field).asLong();
            }
        }
        return fallback;
    }

    private static long texts(JsonNode node, boolean content) {
        var total = new long[1];
        Consumer<String> add = text -> total[0] += count(text);
        if (content) {
            contentTexts(node, add);
        } else {
            inputTexts(node, add);
        }
        return total[0];
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
