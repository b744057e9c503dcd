package io.llmq.simulator;

/**
 * One call the simulator served and billed, itemised by the caller's attempt id (the
 * {@value ProviderSimulator#ATTEMPT_HEADER} request header), so a client's own records can be
 * reconciled against the provider's bill call by call rather than only in total. A line of a
 * provider batch is itemised by its {@code custom_id}, with the provider batch that served it.
 *
 * @param providerBatchId the provider batch the call was a line of; null for a call sent alone
 */
public record BilledCall(String attemptId, int promptTokens, int completionTokens, String providerBatchId) {

    public BilledCall(String attemptId, int promptTokens, int completionTokens) {
        this(attemptId, promptTokens, completionTokens, null);
    }

    /** Served as a line of a provider batch, at the batch price. */
    public boolean batch() {
        return providerBatchId != null;
    }

    public long totalTokens() {
        return (long) promptTokens + completionTokens;
    }
}
