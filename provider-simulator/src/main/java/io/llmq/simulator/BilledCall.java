package io.llmq.simulator;

/**
 * One call the simulator served and billed, itemised by the caller's attempt id (the
 * {@value ProviderSimulator#ATTEMPT_HEADER} request header), so a client's own records can be
 * reconciled against the provider's bill call by call rather than only in total.
 */
public record BilledCall(String attemptId, int promptTokens, int completionTokens) {

    public long totalTokens() {
        return (long) promptTokens + completionTokens;
    }
}
