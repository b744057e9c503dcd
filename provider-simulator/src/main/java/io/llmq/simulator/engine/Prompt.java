package io.llmq.simulator.engine;

import java.util.List;
import java.util.OptionalLong;

/**
 * A completion request as every wire format can express it.
 *
 * @param maxTokens the most completion tokens the caller accepts; {@link #NO_LIMIT} when unset
 * @param seed      the caller's seed, part of what makes the answer repeatable
 * @param stop      sequences that end the completion where they first appear, never included
 */
public record Prompt(String model, List<Message> messages, int maxTokens, OptionalLong seed, List<String> stop) {

    public static final int NO_LIMIT = Integer.MAX_VALUE;

    public Prompt {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required, got '" + model + "'");
        }
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("at least one message is required");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        messages = List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }
}
