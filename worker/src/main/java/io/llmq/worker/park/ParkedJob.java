package io.llmq.worker.park;

import io.llmq.schema.message.JobMessage;

import java.time.Instant;

/**
 * A job waiting in PostgreSQL for its next attempt.
 *
 * @param reason     why it waits: {@code breaker_open}, {@code retry_after} or {@code over_budget}
 * @param deployment the deployment it waits for
 */
public record ParkedJob(JobMessage job, Resume resume, Instant nextAttemptAt, String reason, String deployment) {
    /** The park reason of jobs held by their tenant's hard budget. */
    public static final String OVER_BUDGET = "over_budget";
}
