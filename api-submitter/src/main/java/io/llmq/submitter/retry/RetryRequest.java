package io.llmq.submitter.retry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Priority;
import io.llmq.submitter.batch.CreateBatch;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Params;

import java.util.Set;

/**
 * The optional body of {@code POST /v1/batches/{id}/retry}: what the new batch changes from its
 * parent. Every field may be left out (an empty body retries as the parent ran).
 *
 * @param completionWindow null: the parent's
 * @param priority         null: the parent's
 * @param metadata         pairs added to (or replacing those of) the parent's metadata; null for none
 * @param model            every retried line's {@code body.model} becomes this; null keeps each line's
 */
record RetryRequest(String completionWindow, Priority priority, ObjectNode metadata, String model) {
    static final Set<String> FIELDS = Set.of("completion_window", "priority", "metadata", "model");

    static RetryRequest parse(JsonNode body) {
        for (var field : body.properties()) {
            var name = field.getKey();
            if (!FIELDS.contains(name)) {
                throw ApiError.invalid(name, "Unknown parameter '" + Params.shorten(name) + "'; a retry takes only "
                        + FIELDS + " (the lines, endpoint and input come from the batch retried).");
            }
        }
        var window = present(body, "completion_window") ? CreateBatch.requiredText(body, "completion_window") : null;
        var priority = present(body, "priority") ? CreateBatch.parsePriority(body.get("priority")) : null;
        var model = present(body, "model") ? CreateBatch.requiredText(body, "model") : null;
        return new RetryRequest(window, priority, CreateBatch.metadata(body.get("metadata")), model);
    }

    private static boolean present(JsonNode body, String field) {
        return body.has(field) && !body.get(field).isNull();
    }
}
