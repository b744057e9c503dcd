package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.simulator.batch.LineResult;
import io.llmq.simulator.batch.Phase;
import io.llmq.simulator.batch.SimulatedBatch;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One batch of OpenAI's Batch API: the simulated batch and what OpenAI's batch object adds (endpoint,
 * input file, window, metadata, validation errors), and the output and error files, written once when
 * the batch has ended.
 */
final class OpenAiBatch {
    private final SimulatedBatch batch;
    private final String endpoint;
    private final String inputFileId;
    private final String completionWindow;
    private final JsonNode metadata;
    private final List<BatchInput.LineError> errors;
    private final String model;
    private String outputFileId;
    private String errorFileId;
    private boolean filesWritten;

    OpenAiBatch(SimulatedBatch batch, String endpoint, String inputFileId, String completionWindow, JsonNode metadata,
                BatchInput.Read input) {
        this.batch = batch;
        this.endpoint = endpoint;
        this.inputFileId = inputFileId;
        this.completionWindow = completionWindow;
        this.metadata = metadata;
        this.errors = input.errors();
        this.model = input.model();
    }

    String id() {
        return batch.id();
    }

    SimulatedBatch simulated() {
        return batch;
    }

    /** The batch object, field for field as OpenAI sends it; writes the result files first if the batch has just ended. */
    synchronized ObjectNode toJson(FileStore files) {
        var phase = batch.phase();
        if (phase.ended() && !filesWritten) {
            writeFiles(files, batch.reachedAt(phase).getEpochSecond());
        }
        var body = OpenAiJson.MAPPER.createObjectNode();
        body.put("id", batch.id());
        body.put("object", "batch");
        body.put("endpoint", endpoint);
        body.put("model", model);
        if (errors.isEmpty()) {
            body.putNull("errors");
        } else {
            var data = body.putObject("errors").put("object", "list").putArray("data");
            errors.forEach(e -> data.add(e.toJson()));
        }
        body.put("input_file_id", inputFileId);
        body.put("completion_window", completionWindow);
        body.put("status", phase.name().toLowerCase(Locale.ROOT));
        body.put("output_file_id", outputFileId);
        body.put("error_file_id", errorFileId);
        body.put("created_at", batch.createdAt().getEpochSecond());
        seconds(body, "in_progress_at", batch.reachedAt(Phase.IN_PROGRESS));
        body.put("expires_at", batch.expiresAt().getEpochSecond());
        seconds(body, "finalizing_at", batch.reachedAt(Phase.FINALIZING));
        seconds(body, "completed_at", batch.reachedAt(Phase.COMPLETED));
        seconds(body, "failed_at", batch.reachedAt(Phase.FAILED));
        seconds(body, "expired_at", batch.reachedAt(Phase.EXPIRED));
        seconds(body, "cancelling_at", batch.reachedAt(Phase.CANCELLING));
        seconds(body, "cancelled_at", batch.reachedAt(Phase.CANCELLED));
        var counts = batch.counts();
        body.putObject("request_counts").put("total", counts.total()).put("completed", counts.succeeded())
                .put("failed", counts.errored() + counts.expired() + counts.cancelled());
        var usage = body.putObject("usage");
        usage.put("input_tokens", counts.promptTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", counts.completionTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", counts.promptTokens() + counts.completionTokens());
        body.set("metadata", metadata);
        return body;
    }

    /** One output line per answered request, one error line per other; each file only if it has a line. */
    private void writeFiles(FileStore files, long endedAt) {
        var output = new ByteArrayOutputStream();
        var failed = new ByteArrayOutputStream();
        for (var entry : batch.entries()) {
            var line = OpenAiJson.MAPPER.createObjectNode();
            line.put("id", Ids.batchRequestId());
            line.put("custom_id", entry.line().customId());
            var result = entry.result();
            switch (result) {
                case LineResult.Answered a -> {
                    line.putObject("response").put("status_code", 200).put("request_id", Ids.requestId()).set("body", a.body());
                    line.putNull("error");
                }
                case LineResult.Failed f -> {
                    var error = new OpenAiError(f.status(), f.message(), f.status() >= 500 ? "server_error" : OpenAiError.INVALID_REQUEST,
                            null, f.code());
                    line.putObject("response").put("status_code", f.status()).put("request_id", Ids.requestId())
                            .set("body", OpenAiJson.object(error.toJson()));
                    line.putNull("error");
                }
                case LineResult.Unanswered u -> {
                    line.putNull("response");
                    var expired = u.reason() == LineResult.Reason.EXPIRED;
                    line.putObject("error").put("code", expired ? "batch_expired" : "batch_cancelled").put("message", expired
                            ? "This request could not be executed before the completion window expired."
                            : "This request was not executed because the batch was cancelled.");
                }
                case null -> {
                    continue;
                }
            }
            var to = result instanceof LineResult.Answered ? output : failed;
            to.writeBytes(OpenAiJson.bytes(line));
            to.write('\n');
        }
        outputFileId = output.size() == 0 ? null : files.add("batch_" + batch.id() + "_output.jsonl", "batch_output",
                output.toByteArray(), endedAt).id();
        errorFileId = failed.size() == 0 ? null : files.add("batch_" + batch.id() + "_error.jsonl", "batch_output",
                failed.toByteArray(), endedAt).id();
        filesWritten = true;
    }

    private static void seconds(ObjectNode body, String field, Instant at) {
        if (at == null) {
            body.putNull(field);
        } else {
            body.put(field, at.getEpochSecond());
        }
    }
}
