package io.llmq.submitter.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmq.submitter.file.ExpiresAfter;

import java.time.Instant;

/** The header of a batch about to be enqueued; {@code outputExpiresAfter} null: its files never expire. */
public record NewBatch(String id, String tenantId, String dialect, String endpoint, String inputFileId,
                       String completionWindow, String priority, ObjectNode metadata, int total, String model,
                       long estimatedTokens, Instant expiresAt, ExpiresAfter outputExpiresAfter) {
}
