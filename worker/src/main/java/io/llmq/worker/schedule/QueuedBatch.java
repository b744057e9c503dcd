package io.llmq.worker.schedule;

import io.llmq.schema.Priority;
import io.llmq.schema.status.BatchStatus;

/**
 * One batch in the dispatch queue as the dispatcher sees it at one tick.
 *
 * @param claimed     jobs [0, claimed) may be in Kafka
 * @param dispatched  jobs [0, dispatched) are acknowledged by Kafka; [dispatched, claimed) are in doubt
 * @param outstanding released jobs that have not ended and are not parked: what the batch holds
 *                    of the work in flight (in Kafka or in a worker) now
 * @param expiresAt   epoch millis of the end of its completion window
 * @param ended       jobs of the batch that reached a terminal state
 * @param held        jobs of the batch are parked because its tenant's hard budget is spent, or the
 *                    daily quotas of their deployments: it releases nothing more until they resume
 *                    (the budget was raised or its period rolled over, the quota day reset), so such
 *                    a stop parks one window of jobs, not the whole batch
 */
public record QueuedBatch(String batchId, String tenantId, Priority priority, int total, int claimed, int dispatched,
                          int outstanding, BatchStatus status, long expiresAt, int ended, boolean held) {

    /** Jobs not yet released. */
    public int pending() {
        return total - claimed;
    }

    /** Has jobs to release and may release them now. */
    public boolean releasable() {
        return pending() > 0 && !held;
    }

    public boolean inDoubt() {
        return dispatched < claimed;
    }

    /** What it would hold of the work in flight if everything were released: its claim on the window. */
    public long demand() {
        return (long) outstanding + pending();
    }
}
