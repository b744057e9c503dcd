package io.llmq.simulator.engine;

/**
 * A served completion and the usage it is billed at.
 *
 * @param promptTokens     see {@link TokenCounter#countPrompt}
 * @param completionTokens the tokenizer's count of {@code text}, never above the caller's limit
 */
public record Completion(String text, FinishReason finishReason, int promptTokens, int completionTokens) {

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
