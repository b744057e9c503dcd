package io.llmq.worker.provider.batch;

/**
 * A provider batch as its provider reports it, in one vocabulary for all three.
 *
 * @param providerStatus the provider's own word (OpenAI {@code finalizing}, Anthropic
 *                       {@code canceling}, Gemini {@code BATCH_STATE_RUNNING}), shown to users as is
 * @param succeeded      requests answered so far; {@code failed} those that failed, expired or were cancelled
 */
public record ProviderBatchStatus(State state, String providerStatus, int total, int succeeded, int failed) {

    public enum State {
        /** Accepted, validating or running: poll again later. */
        RUNNING,
        /** Done (completed, expired or cancelled): its results can be read, and every request has one. */
        ENDED,
        /** The provider refused the whole batch (validation failed): no request ran, none is billed. */
        FAILED
    }
}
