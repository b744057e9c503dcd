package io.llmq.worker.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmq.schema.catalogue.ModelEntry;

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

    public static Split split(ObjectNode body, ModelEntry model) {
        long prompt = PER_REPLY;
        for (JsonNode message : body.path("messages")) {
            prompt += PER_MESSAGE;
            var content = message.path("content");
            if (content.isTextual()) {
                prompt += count(content.asText());
            } else {
                for (JsonNode part : content) {
                    prompt += count(part.path("text").asText(""));
                }
            }
        }
        var maxOut = body.hasNonNull("max_completion_tokens") ? body.path("max_completion_tokens").asInt()
                : body.path("max_tokens").asInt(model.maxOutputTokens());
        return new Split(prompt, maxOut);
    }

    /**
     * Loads the vocabulary now. Loading it takes a second or two; done lazily, the first few
     * hundred jobs would all wait on one class initialisation, pinning the carrier threads.
     */
    public static void warmUp() {
        count("warm up");
    }

    private static int count(String text) {
        return text.isEmpty() ? 0 : Vocabulary.O200K.countTokensOrdinary(text);
    }

    /** The vocabulary loads on first use, once per JVM. */
    private static final class Vocabulary {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }
}
