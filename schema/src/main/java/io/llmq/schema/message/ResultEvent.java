package io.llmq.schema.message;

/**
 * A completion event on {@code llmq.results}, keyed by batch id. {@code eventId} is stable across
 * re-publication, so consumers de-duplicate on it.
 *
 * @param type   {@code job.completed}, {@code job.failed} or {@code batch.completed}
 * @param jobId  null for batch events
 * @param status the job's or batch's terminal status
 */
public record ResultEvent(String eventId, String type, String tenantId, String batchId, String jobId,
                          String customId, String status, long occurredAt) {

    public static final String JOB_COMPLETED = "job.completed";
    public static final String JOB_FAILED = "job.failed";
    public static final String BATCH_COMPLETED = "batch.completed";
}
