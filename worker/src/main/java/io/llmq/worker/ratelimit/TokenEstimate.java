package io.llmq.worker.ratelimit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.schema.tokens.PromptTokens;

/**
 * The most tokens a call can consume, reserved from the deployment's token budget before the call
 * and settled against the real usage after it: the prompt's tokens plus the requested
 * {@code max_tokens} (or the model's limit when none is given).
 *
 * <p>Prompt tokens are counted as {@link PromptTokens} counts them. For other families than
 * gpt-4o's that is an estimate, not a count; it errs high rather than low because the
 * reservation is settled to the real usage afterwards anyway.
 */
public final class TokenEstimate {
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

    /** The prompt of whichever endpoint the body is for, and its output bound ({@link PromptTokens}). */
    public static Split split(ObjectNode body, ModelEntry model) {
        return new Split(PromptTokens.prompt(body), PromptTokens.maxOutput(body, model.maxOutputTokens()));
    }

    /**
     * Loads the vocabulary now. Loading it takes a second or two; done lazily, the first few
     * hundred jobs would all wait on one class initialisation, pinning the carrier threads.
     */
    public static void warmUp() {
        PromptTokens.count("warm up");
    }
}
