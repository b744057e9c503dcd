package io.llmq.submitter.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.time.Instant;

/**
 * OpenAI's batch object. llmq's own figures (priority, cost in US dollars) ride along under
 * {@code llmq}, which the OpenAI SDKs ignore.
 */
public final class BatchJson {

    private BatchJson() {
    }

    public static ObjectNode of(BatchRecord b) {
        var json = Json.object();
        json.put("id", b.id());
        json.put("object", "batch");
        json.put("endpoint", b.endpoint());
        json.put("model", b.model());
        json.putNull("errors");
        json.put("input_file_id", b.inputFileId());
        json.put("completion_window", b.completionWindow());
        json.put("status", b.status());
        json.put("output_file_id", b.outputFileId());
        json.put("error_file_id", b.errorFileId());
        seconds(json, "created_at", b.createdAt());
        seconds(json, "in_progress_at", b.inProgressAt());
        seconds(json, "expires_at", b.expiresAt());
        seconds(json, "finalizing_at", b.finalizingAt());
        seconds(json, "completed_at", b.completedAt());
        seconds(json, "failed_at", b.failedAt());
        seconds(json, "expired_at", b.expiredAt());
        seconds(json, "cancelling_at", b.cancellingAt());
        seconds(json, "cancelled_at", b.cancelledAt());
        var counts = json.putObject("request_counts");
        counts.put("total", b.total());
        counts.put("completed", b.completed());
        counts.put("failed", b.failed());
        if (b.metadata() == null || b.metadata().isNull()) {
            json.putNull("metadata");
        } else {
            json.set("metadata", b.metadata());
        }
        var usage = json.putObject("usage");
        usage.put("input_tokens", b.inputTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", b.cachedTokens());
        usage.put("output_tokens", b.outputTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", b.inputTokens() + b.outputTokens());
        var llmq = json.putObject("llmq");
        llmq.put("priority", b.priority());
        llmq.put("cost_usd", b.cost().stripTrailingZeros().toPlainString());
        return json;
    }

    private static void seconds(ObjectNode json, String field, Instant at) {
        if (at == null) {
            json.putNull(field);
        } else {
            json.put(field, at.getEpochSecond());
        }
    }
}
