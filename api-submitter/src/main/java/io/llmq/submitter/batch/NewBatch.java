package io.llmq.submitter.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * The header of a batch about to be enqueued.
 *
 * @param parentBatchId the batch this one retries the failed lines of, or null
 */
public record NewBatch(String id, String tenantId, String dialect, String endpoint, String inputFileId,
                       String completionWindow, String priority, ObjectNode metadata, int total, String model,
                       long estimatedTokens, Instant expiresAt, String parentBatchId) {
}
