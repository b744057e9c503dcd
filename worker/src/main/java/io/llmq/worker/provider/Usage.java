package io.llmq.worker.provider;

/** Tokens as the provider reported them. {@code inputTokens} includes {@code cachedTokens}. */
public record Usage(int inputTokens, int cachedTokens, int outputTokens) {
    public static final Usage NONE = new Usage(0, 0, 0);
}
