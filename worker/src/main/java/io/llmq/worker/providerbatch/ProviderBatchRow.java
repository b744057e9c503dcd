package io.llmq.worker.providerbatch;

import io.llmq.schema.Priority;
import io.llmq.schema.status.BatchStatus;

import java.time.Instant;

/**
 * One row of {@code provider_batches} with what the runner needs of its llmq batch.
 *
 * @param jobSeqs     the staged jobs (seq in the dispatch pages) it holds, ascending
 * @param providerId  the provider's id; null until the create answered (or a find adopted it)
 * @param createdAt   when the row was written: a create can only have reached the provider after it,
 *                    and its jobs are priced as of it
 * @param batchStatus the llmq batch's status now (cancelling stops it)
 * @param expiresAt   epoch millis of the llmq batch's window end
 * @param spillAt     epoch millis from which the jobs still without an answer go to synchronous calls
 *                    instead, so that they end within the window ({@link RunnerSettings#spillBefore})
 */
record ProviderBatchRow(String key, String batchId, String deployment, int[] jobSeqs, String providerId, int createAttempts,
                        boolean cancelRequested, Instant createdAt, String tenantId, Priority priority, BatchStatus batchStatus,
                        long expiresAt, long spillAt) {
    static final String CREATING = "creating";
    static final String IN_PROGRESS = "in_progress";
    static final String ENDED = "ended";
    static final String FAILED = "failed";

    /**
     * Its llmq batch is being cancelled or the end of its window is near: nothing new is created, what
     * is open is cancelled at the provider, and whatever it did not answer is handed back (the
     * dispatcher ends it when cancelled, and releases it to a synchronous call otherwise).
     */
    boolean stopping(long nowMillis) {
        return batchStatus == BatchStatus.CANCELLING || batchStatus == BatchStatus.CANCELLED || batchStatus.isTerminal()
                || nowMillis >= spillAt;
    }
}
