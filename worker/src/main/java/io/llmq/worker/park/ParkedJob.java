package io.llmq.worker.park;

import io.llmq.schema.message.JobMessage;

import java.time.Instant;

/**
 * A job waiting in PostgreSQL for its next attempt.
 *
 * @param reason     why it waits: {@code breaker_open}, {@code retry_after}, {@code over_budget}, {@code daily_quota} or {@code model_unavailable}
 * @param deployment the deployment it waits for
 */
public record ParkedJob(JobMessage job, Resume resume, Instant nextAttemptAt, String reason, String deployment) {
    /** The park reason of jobs held by their tenant's hard budget. */
    public static final String OVER_BUDGET = "over_budget";
    /** The park reason of jobs whose every deployment has spent its daily quota: they wait for the reset. */
    public static final String DAILY_QUOTA = "daily_quota";
    /**
     * Reasons that hold the job's batch: it shows the hold, and the dispatcher releases nothing more
     * of it while such a job is parked, since the rest would only park behind it.
     */
    public static final java.util.List<String> HOLDING = java.util.List.of(OVER_BUDGET, DAILY_QUOTA);
    /** The park reason of jobs whose model has no enabled deployment (the admin API switched them off). */
    public static final String MODEL_UNAVAILABLE = "model_unavailable";
}
