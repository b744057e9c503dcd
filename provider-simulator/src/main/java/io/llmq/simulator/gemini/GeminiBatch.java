package io.llmq.simulator.gemini;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.simulator.batch.LineResult;
import io.llmq.simulator.batch.Phase;
import io.llmq.simulator.batch.SimulatedBatch;
import io.llmq.simulator.faults.ErrorNames;

import java.util.List;

/**
 * How Gemini's batch mode shows a simulated batch: a long-running {@code Operation} whose
 * {@code metadata} is the {@code GenerateContentBatch} (state, {@code batchStats} with int64 counts
 * as strings, RFC 3339 times) and, once done, whose {@code response} holds the inlined responses in
 * input order, each with its request's {@code metadata}. A request that had not run when the batch was
 * cancelled or expired gets an error entry ({@code CANCELLED}, {@code DEADLINE_EXCEEDED}), so every
 * request has an answer.
 */
final class GeminiBatch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPES = "type.googleapis.com/google.ai.generativelanguage.v1main.";

    /** @param displayName the caller's name for the batch; @param keys each request's {@code metadata.key}, in input order */
    record Held(SimulatedBatch batch, String model, String displayName, List<String> keys) {
    }

    private GeminiBatch() {
    }

    static String state(Phase phase) {
        return switch (phase) {
            case VALIDATING -> "BATCH_STATE_PENDING";
            case IN_PROGRESS, FINALIZING, CANCELLING -> "BATCH_STATE_RUNNING";
            case COMPLETED -> "BATCH_STATE_SUCCEEDED";
            case FAILED -> "BATCH_STATE_FAILED";
            case EXPIRED -> "BATCH_STATE_EXPIRED";
            case CANCELLED -> "BATCH_STATE_CANCELLED";
        };
    }

    static ObjectNode operation(Held held) {
        var batch = held.batch();
        var phase = batch.phase();
        var operation = JSON.createObjectNode();
        operation.put("name", batch.id());
        var meta = operation.putObject("metadata");
        meta.put("@type", TYPES + "GenerateContentBatch");
        meta.put("model", "models/" + held.model());
        meta.put("displayName", held.displayName());
        meta.put("createTime", batch.createdAt().toString());
        var ended = phase.ended() ? batch.reachedAt(phase) : null;
        if (ended != null) {
            meta.put("endTime", ended.toString());
        }
        var running = batch.reachedAt(Phase.IN_PROGRESS);
        meta.put("updateTime", (ended != null ? ended : running != null ? running : batch.createdAt()).toString());
        var counts = batch.counts();
        var failed = counts.errored() + counts.expired() + counts.cancelled();
        meta.putObject("batchStats").put("requestCount", Integer.toString(counts.total()))
                .put("successfulRequestCount", Integer.toString(counts.succeeded()))
                .put("failedRequestCount", Integer.toString(failed))
                .put("pendingRequestCount", Integer.toString(counts.processing()));
        meta.put("state", state(phase));
        meta.put("name", batch.id());
        operation.put("done", phase.ended());
        if (phase.ended()) {
            var response = operation.putObject("response");
            response.put("@type", TYPES + "GenerateContentBatchOutput");
            var list = response.putObject("inlinedResponses").putArray("inlinedResponses");
            var entries = batch.entries();
            for (int i = 0; i < entries.size(); i++) {
                var item = list.addObject();
                switch (entries.get(i).result()) {
                    case LineResult.Answered a -> item.set("response", a.body());
                    case LineResult.Failed f -> item.set("error", status(f.status(), f.code(), f.message()));
                    case LineResult.Unanswered u -> item.set("error", u.reason() == LineResult.Reason.EXPIRED
                            ? status(504, "DEADLINE_EXCEEDED", "The batch expired before this request ran.")
                            : status(499, "CANCELLED", "The batch was cancelled before this request ran."));
                    case null -> item.set("error", status(500, "INTERNAL", "No result."));
                }
                item.putObject("metadata").put("key", held.keys().get(i));
            }
        }
        return operation;
    }

    /** A {@code google.rpc.Status}: Gemini's error body for one request. */
    static ObjectNode status(int code, String status, String message) {
        var error = JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        error.put("status", status != null ? status : ErrorNames.geminiStatus(code));
        return error;
    }
}
