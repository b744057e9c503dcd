package io.llmq.bench.chaos;

/**
 * One row of {@code ledger_entries} as the reconciliation needs it.
 *
 * @param attemptId     the call's attempt id; for a provider batch's answer, the provider batch id
 * @param estimated     true for a call of a gone worker entered as an estimate (its answer never arrived)
 * @param providerBatch true for an answer a provider batch served (kind {@code provider_batch})
 */
record LedgerRow(String attemptId, String jobId, long inputTokens, long outputTokens, boolean estimated, boolean providerBatch) {

    /** A row of a call sent alone. */
    LedgerRow(String attemptId, long inputTokens, long outputTokens, boolean estimated) {
        this(attemptId, null, inputTokens, outputTokens, estimated, false);
    }

    long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** What names the billed call: its attempt id, or for a provider batch's line its provider batch and job. */
    String callKey() {
        return providerBatch ? batchLineKey(attemptId, jobId) : attemptId;
    }

    static String batchLineKey(String providerBatchId, String jobId) {
        return providerBatchId + " " + jobId;
    }
}
