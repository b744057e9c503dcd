package io.llmq.schema.message;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One job on {@code llmq.jobs}: one line of a batch, with everything a worker needs to run it, so
 * that the hot path never reads the input file back from Postgres.
 *
 * @param jobId     {@code <batchId>-<line>}; unique, the key of the job's outcome
 * @param line      1-based line number in the batch's input
 * @param url       the endpoint path, e.g. {@code /v1/chat/completions}
 * @param model     the catalogue model the body names
 * @param body      the request body as the client sent it
 * @param priority  wire name of the priority class
 * @param expiresAt epoch millis after which the job ends as {@code expired} instead of running
 */
public record JobMessage(String jobId, String batchId, String tenantId, String customId, int line, String url,
                         String model, ObjectNode body, String priority, long submittedAt, long expiresAt) {
}
