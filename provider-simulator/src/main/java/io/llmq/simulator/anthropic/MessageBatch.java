package io.llmq.simulator.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.simulator.batch.LineResult;
import io.llmq.simulator.batch.Phase;
import io.llmq.simulator.batch.SimulatedBatch;
import io.llmq.simulator.faults.ErrorNames;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * How Anthropic's Message Batches API shows a simulated batch: the {@code message_batch} object
 * ({@code processing_status} in_progress | canceling | ended, {@code request_counts}, RFC 3339
 * timestamps) and the JSONL results. Unlike Anthropic, which keeps the counts at zero until the end,
 * the simulator's move as lines are answered: a compatible improvement no client depends on.
 */
final class MessageBatch {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageBatch() {
    }

    static ObjectNode toJson(SimulatedBatch batch, String baseUrl) {
        var phase = batch.phase();
        var body = JSON.createObjectNode();
        body.put("id", batch.id());
        body.put("type", "message_batch");
        body.put("processing_status", phase.ended() ? "ended" : phase == Phase.CANCELLING ? "canceling" : "in_progress");
        var counts = batch.counts();
        body.putObject("request_counts").put("processing", counts.processing()).put("succeeded", counts.succeeded())
                .put("errored", counts.errored()).put("canceled", counts.cancelled()).put("expired", counts.expired());
        var ended = phase.ended() ? batch.reachedAt(phase) : null;
        time(body, "ended_at", ended);
        time(body, "created_at", batch.createdAt());
        time(body, "expires_at", batch.expiresAt());
        body.putNull("archived_at");
        time(body, "cancel_initiated_at", batch.reachedAt(Phase.CANCELLING));
        body.put("results_url", ended == null ? null : baseUrl + "/v1/messages/batches/" + batch.id() + "/results");
        return body;
    }

    /** One line per request, in no promised order: succeeded with its message, errored, canceled or expired. */
    static byte[] results(SimulatedBatch batch) {
        var out = new ByteArrayOutputStream();
        for (var entry : batch.entries()) {
            var line = JSON.createObjectNode();
            line.put("custom_id", entry.line().customId());
            var result = line.putObject("result");
            switch (entry.result()) {
                case LineResult.Answered a -> result.put("type", "succeeded").set("message", a.body());
                case LineResult.Failed f -> result.put("type", "errored").putObject("error").put("type", "error")
                        .putObject("error").put("type", errorType(f.status(), f.code())).put("message", f.message());
                case LineResult.Unanswered u -> result.put("type", u.reason() == LineResult.Reason.EXPIRED ? "expired" : "canceled");
                case null -> {
                    continue;
                }
            }
            out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Anthropic's error type for a status, unless the line's failure named its own. */
    static String errorType(int status, String code) {
        return code != null ? code : ErrorNames.anthropicType(status);
    }

    private static void time(ObjectNode body, String field, Instant at) {
        if (at == null) {
            body.putNull(field);
        } else {
            body.put(field, at.toString());
        }
    }
}
