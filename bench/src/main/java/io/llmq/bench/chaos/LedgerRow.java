package io.llmq.bench.chaos;

/** One row of {@code ledger_entries} as the reconciliation needs it. */
record LedgerRow(String attemptId, long inputTokens, long outputTokens) {

    long totalTokens() {
        return inputTokens + outputTokens;
    }
}
