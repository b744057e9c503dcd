package io.llmq.schema.message;

/**
 * A completion event on {@code llmq.results}, keyed by batch id. {@code eventId} is stable across
 * re-publication, so consumers de-duplicate on it.
 *
 * @param type   {@code job.completed} (the job succeeded), {@code job.failed} (it ended any other way:
 *               failed, cancelled or expired) or {@code batch.completed} (the batch ended, whichever way)
 * @param jobId  null for batch events
 * @param status the job's terminal status ({@code succeeded|failed|cancelled|expired}) or the
 *               batch's ({@code completed|expired|cancelled})
 */
public record ResultEvent(String eventId, String type, String tenantId, String batchId, String jobId,
                          String customId, String status, long occurredAt) {

    public static final String JOB_COMPLETED = "job.completed";
    public static final String JOB_FAILED = "job.failed";
    public static final String BATCH_COMPLETED = "batch.completed";
}
