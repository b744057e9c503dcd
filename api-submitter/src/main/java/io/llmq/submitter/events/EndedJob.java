package io.llmq.submitter.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.time.Instant;

/** One job's ending, as a {@code job} event tells it (never its prompt or answer text). */
record EndedJob(int line, String customId, String status, String model, int inputTokens, int outputTokens,
                String errorCode, String errorMessage, Instant finishedAt) {

    ObjectNode toJson() {
        var body = Json.object();
        body.put("line", line);
        body.put("custom_id", customId);
        body.put("status", status);
        body.put("model", model);
        body.put("input_tokens", inputTokens);
        body.put("output_tokens", outputTokens);
        if (errorCode == null && errorMessage == null) {
            body.putNull("error");
        } else {
            body.putObject("error").put("code", errorCode).put("message", errorMessage);
        }
        body.put("finished_at", finishedAt.toString());
        return body;
    }
}
