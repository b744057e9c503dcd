package io.llmq.worker.provider.batch;

import io.llmq.worker.provider.ProviderOutcome;

/**
 * One request's answer from a provider batch.
 *
 * @param customId the request's {@link ProviderBatchRequest#customId}
 * @param outcome  {@code Success} with an OpenAI-format body and the usage the provider billed (at its
 *                 batch price), {@code Permanent} for a request the provider refused, {@code Retryable}
 *                 for one that expired, was cancelled or hit a server error inside the batch (llmq's
 *                 retry rules decide what happens next)
 */
public record ProviderBatchResult(String customId, ProviderOutcome outcome) {
}
