package io.llmq.submitter.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.submitter.batch.BatchRecord;

import java.time.Instant;

/**
 * Anthropic's {@code message_batch} object. Timestamps are RFC 3339 strings. The request counts
 * are live while the batch runs: Anthropic keeps succeeded / errored / canceled / expired at zero
 * until the whole batch ends, llmq reports them as they move (the SDKs do not depend on the zeros).
 */
final class MessageBatchJson {

    private MessageBatchJson() {
    }

    static ObjectNode of(BatchRecord b, String publicUrl) {
        var json = Json.object();
        json.put("id", b.id());
        json.put("type", "message_batch");
        json.put("processing_status", processingStatus(b));
        var counts = json.putObject("request_counts");
        counts.put("processing", b.total() - b.done());
        counts.put("succeeded", b.completed());
        counts.put("errored", b.failed());
        counts.put("canceled", b.cancelled());
        counts.put("expired", b.expired());
        var ended = endedAt(b);
        json.put("ended_at", text(ended));
        json.put("created_at", text(b.createdAt()));
        json.put("expires_at", text(b.expiresAt()));
        json.putNull("archived_at");
        json.put("cancel_initiated_at", text(b.cancellingAt()));
        json.put("results_url", ended == null ? null : publicUrl + "/v1/messages/batches/" + b.id() + "/results");
        return json;
    }

    static String processingStatus(BatchRecord b) {
        return switch (b.status()) {
            case VALIDATING, IN_PROGRESS, FINALIZING -> "in_progress";
            case CANCELLING -> "canceling";
            case COMPLETED, FAILED, EXPIRED, CANCELLED -> "ended";
        };
    }

    static Instant endedAt(BatchRecord b) {
        return switch (b.status()) {
            case COMPLETED -> b.completedAt();
            case FAILED -> b.failedAt();
            case EXPIRED -> b.expiredAt();
            case CANCELLED -> b.cancelledAt();
            case VALIDATING, IN_PROGRESS, FINALIZING, CANCELLING -> null;
        };
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
