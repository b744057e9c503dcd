package io.llmq.submitter.batch;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;

/** A row of {@code batches}. Timestamps are null until the batch reaches that state. */
public record BatchRecord(String id, String tenantId, String endpoint, String inputFileId, String completionWindow,
                          String priority, String status, JsonNode metadata, int total, int completed, int failed,
                          long inputTokens, long cachedTokens, long outputTokens, BigDecimal cost,
                          String outputFileId, String errorFileId, String model,
                          Instant createdAt, Instant inProgressAt, Instant finalizingAt, Instant completedAt,
                          Instant failedAt, Instant expiresAt, Instant expiredAt, Instant cancellingAt,
                          Instant cancelledAt) {
}
