package io.llmq.submitter.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.route.Route;
import io.llmq.submitter.file.ExpiresAfter;

import java.time.Instant;

/**
 * The header of a batch about to be enqueued.
 *
 * @param outputExpiresAfter when its output and error files expire; null: never
 * @param parentBatchId      the batch this one retries the failed lines of, or null
 * @param route              how its jobs reach the provider
 */
public record NewBatch(String id, String tenantId, String dialect, String endpoint, String inputFileId,
                       String completionWindow, String priority, ObjectNode metadata, int total, String model,
                       long estimatedTokens, Instant expiresAt, ExpiresAfter outputExpiresAfter, String parentBatchId,
                       Route route) {
}
