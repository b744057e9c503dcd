package io.llmq.bench.chaos;

/**
 * One row of {@code ledger_entries} as the reconciliation needs it.
 *
 * @param estimated true for a call of a gone worker entered as an estimate (its answer never arrived)
 */
record LedgerRow(String attemptId, long inputTokens, long outputTokens, boolean estimated) {

    long totalTokens() {
        return inputTokens + outputTokens;
    }
}
