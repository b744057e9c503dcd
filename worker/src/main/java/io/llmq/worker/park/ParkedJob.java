package io.llmq.worker.park;

import io.llmq.schema.message.JobMessage;

import java.time.Instant;

/**
 * A job waiting in PostgreSQL for its next attempt.
 *
 * @param reason     why it waits: {@code breaker_open}, {@code retry_after}, {@code over_budget} or {@code model_unavailable}
 * @param deployment the deployment it waits for
 */
public record ParkedJob(JobMessage job, Resume resume, Instant nextAttemptAt, String reason, String deployment) {
    /** The park reason of jobs held by their tenant's hard budget. */
    public static final String OVER_BUDGET = "over_budget";
    /** The park reason of jobs whose model has no enabled deployment (the admin API switched them off). */
    public static final String MODEL_UNAVAILABLE = "model_unavailable";
}
