package io.llmq.submitter.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.time.Instant;

/**
 * OpenAI's batch object. OpenAI's {@code request_counts} has no room for cancelled and expired
 * requests, so they count as {@code failed} there, as OpenAI counts them; llmq's own figures
 * (priority, cost in US dollars, the split of the failed count) ride along under {@code llmq},
 * which the OpenAI SDKs ignore.
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
        json.set("errors", b.errors());
        json.put("input_file_id", b.inputFileId());
        json.put("completion_window", b.completionWindow());
        json.put("status", b.status().wireName());
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
        counts.put("failed", b.failed() + b.cancelled() + b.expired());
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
        llmq.put("route", b.routing().route());
        llmq.set("provider_batches", b.routing().providerBatches());
        var split = llmq.putObject("request_counts");
        split.put("succeeded", b.completed());
        split.put("failed", b.failed());
        split.put("cancelled", b.cancelled());
        split.put("expired", b.expired());
        split.put("pending", b.total() - b.done());
        if (b.hold() == null) {
            llmq.putNull("hold");
        } else {
            var hold = llmq.putObject("hold");
            hold.put("reason", b.hold().reason());
            hold.put("message", b.hold().message());
            seconds(hold, "since", b.hold().since());
        }
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
