package io.llmq.submitter.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.schema.status.BatchStatus;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A row of {@code batches}. Timestamps are null until the batch reaches that state.
 *
 * @param dialect   {@code openai} or {@code anthropic}: the API that created the batch and serves it
 * @param completed jobs that succeeded
 * @param failed    jobs that failed (errored); cancelled and expired jobs are counted apart
 * @param hold      why some of its jobs are parked and not moving (over budget, daily quota spent), or null
 * @param errors    OpenAI's {@code errors} list of a batch that failed as a whole, or null
 * @param routing   the route its jobs take and the provider batches they run in
 */
public record BatchRecord(String id, String tenantId, String dialect, String endpoint, String inputFileId,
                          String completionWindow, String priority, BatchStatus status, JsonNode metadata, int total,
                          int completed, int failed, int cancelled, int expired, long inputTokens, long cachedTokens,
                          long outputTokens, BigDecimal cost, String outputFileId, String errorFileId, String model,
                          long estimatedTokens, Instant createdAt, Instant inProgressAt, Instant finalizingAt,
                          Instant completedAt, Instant failedAt, Instant expiresAt, Instant expiredAt,
                          Instant cancellingAt, Instant cancelledAt, Hold hold, JsonNode errors, Routing routing) {

    /**
     * @param route           {@code sync} or {@code provider_batch}: the route the batch's jobs took
     * @param providerBatches {@code [{deployment, id, status, provider_status, request_counts}]}, empty for a sync batch
     */
    public record Routing(String route, JsonNode providerBatches) {
        public static final Routing SYNC = new Routing("sync", Json.MAPPER.createArrayNode());
    }

    /** A batch of the sync route. */
    public BatchRecord(String id, String tenantId, String dialect, String endpoint, String inputFileId,
                       String completionWindow, String priority, BatchStatus status, JsonNode metadata, int total,
                       int completed, int failed, int cancelled, int expired, long inputTokens, long cachedTokens,
                       long outputTokens, BigDecimal cost, String outputFileId, String errorFileId, String model,
                       long estimatedTokens, Instant createdAt, Instant inProgressAt, Instant finalizingAt,
                       Instant completedAt, Instant failedAt, Instant expiresAt, Instant expiredAt,
                       Instant cancellingAt, Instant cancelledAt, Hold hold, JsonNode errors) {
        this(id, tenantId, dialect, endpoint, inputFileId, completionWindow, priority, status, metadata, total, completed, failed,
                cancelled, expired, inputTokens, cachedTokens, outputTokens, cost, outputFileId, errorFileId, model,
                estimatedTokens, createdAt, inProgressAt, finalizingAt, completedAt, failedAt, expiresAt, expiredAt,
                cancellingAt, cancelledAt, hold, errors, Routing.SYNC);
    }

    /** Jobs of the batch wait for something outside it; {@code reason} is a stable code. */
    public record Hold(String reason, String message, Instant since) {
    }

    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";

    /** Jobs in a terminal status. */
    public int done() {
        return completed + failed + cancelled + expired;
    }

    /** What a long-poll watches: a change of status or of any count. */
    public Progress progress() {
        return new Progress(status, completed, failed, cancelled, expired);
    }

    public record Progress(BatchStatus status, int completed, int failed, int cancelled, int expired) {
    }
}
