package io.llmq.submitter.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.submitter.stage.UnreleasedJobPages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A Message Batch's results as Anthropic serves them: JSONL, one line per request,
 * {@code {custom_id, result: {type: succeeded|errored|canceled|expired, ...}}}, streamed from
 * {@code job_results} page by page. A succeeded job's OpenAI chat completion is
 * turned back into Anthropic's message shape; what the chat format does not carry is reported as
 * Anthropic's defaults: {@code stop_sequence} is null (OpenAI does not say which sequence matched,
 * so a stop at a sequence reads as {@code end_turn}), and cache-creation tokens are 0 unless the
 * job ran on an Anthropic deployment (whose adapter keeps them in the stored usage).
 */
final class MessageResults {
    private static final int FETCH_SIZE = 100;
    private static final int PAGE_ROWS = 500;

    private final DataSource dataSource;

    MessageResults(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Streams the results in pages keyed by input line, each read with a connection of its own
     * into a buffer that is sent after the connection went back to the pool: a slow reader holds
     * no database connection (and no transaction) while it reads.
     */
    void write(String batchId, OutputStream out) throws SQLException, IOException {
        var page = new ByteArrayOutputStream();
        var after = 0;
        Integer last;
        do {
            page.reset();
            last = resultPage(batchId, after, page);
            page.writeTo(out);
            after = last == null ? after : last;
        } while (last != null);
        page.reset();
        try (var c = dataSource.getConnection(); var gen = generator(page)) {
            c.setAutoCommit(false);
            try {
                UnreleasedJobPages.forEach(c, batchId, job -> {
                    var line = Json.object();
                    line.put("custom_id", job.customId());
                    line.set("result", result(job.status(), null, job.jobId(), null, null, null));
                    gen.writeTree(line);
                    gen.writeRaw('\n');
                    return true;
                });
            } finally {
                c.commit();
            }
        }
        page.writeTo(out);
    }

    /** Renders the result rows after line {@code after}; the last line when more may follow, else null. */
    private Integer resultPage(String batchId, int after, ByteArrayOutputStream page) throws SQLException, IOException {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.prepareStatement("""
                    SELECT job_id, custom_id, status, status_code, response::text, error::text, model, line
                    FROM job_results WHERE batch_id = ? AND line > ? ORDER BY line LIMIT ?""")) {
                st.setFetchSize(FETCH_SIZE);
                st.setString(1, batchId);
                st.setInt(2, after);
                st.setInt(3, PAGE_ROWS);
                int rows = 0;
                int lastLine = after;
                try (var rs = st.executeQuery(); var gen = generator(page)) {
                    while (rs.next()) {
                        var line = Json.object();
                        line.put("custom_id", rs.getString(2));
                        var statusCode = rs.getInt(4);
                        line.set("result", result(rs.getString(3), rs.wasNull() ? null : statusCode, rs.getString(1),
                                rs.getString(5), rs.getString(6), rs.getString(7)));
                        gen.writeTree(line);
                        gen.writeRaw('\n');
                        lastLine = rs.getInt(8);
                        rows++;
                    }
                }
                return rows == PAGE_ROWS ? lastLine : null;
            } finally {
                c.commit();
            }
        }
    }

    private static JsonGenerator generator(OutputStream page) throws IOException {
        var gen = Json.MAPPER.getFactory().createGenerator(page);
        gen.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        return gen;
    }

    static ObjectNode result(String status, Integer statusCode, String jobId, String response, String error, String model)
            throws IOException {
        var result = Json.object();
        switch (status) {
            case "succeeded" -> {
                result.put("type", "succeeded");
                result.set("message", message(Json.MAPPER.readTree(response), jobId, model));
            }
            case "cancelled" -> result.put("type", "canceled");
            case "expired" -> result.put("type", "expired");
            default -> {
                result.put("type", "errored");
                var envelope = result.putObject("error");
                envelope.put("type", "error");
                var inner = envelope.putObject("error");
                inner.put("type", statusCode != null && statusCode >= 400 && statusCode < 500 ? "invalid_request_error" : "api_error");
                var parsed = error == null ? Json.object() : Json.MAPPER.readTree(error);
                inner.put("message", parsed.path("message").asText("The request failed."));
            }
        }
        return result;
    }

    /** An OpenAI chat completion as Anthropic's {@code message}. */
    static ObjectNode message(JsonNode completion, String jobId, String model) {
        var choice = completion.path("choices").path(0);
        var message = Json.object();
        var id = completion.path("id").asText("");
        message.put("id", "msg_" + (id.isEmpty() ? jobId : id.replaceFirst("^chatcmpl-", "")));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        var content = message.putArray("content");
        var text = choice.path("message").path("content");
        if (text.isTextual()) {
            content.addObject().put("type", "text").put("text", text.asText());
        }
        message.put("stop_reason", stopReason(choice.path("finish_reason").asText("stop")));
        message.putNull("stop_sequence");
        var usage = completion.path("usage");
        var cached = usage.path("prompt_tokens_details").path("cached_tokens").asInt(0);
        // kept in the stored usage by the worker's Anthropic adapter; 0 from any other deployment
        var cacheWrites = usage.path("cache_creation_input_tokens").asInt(0);
        var anthropicUsage = message.putObject("usage");
        anthropicUsage.put("input_tokens", Math.max(0, usage.path("prompt_tokens").asInt(0) - cached - cacheWrites));
        anthropicUsage.put("cache_creation_input_tokens", cacheWrites);
        anthropicUsage.put("cache_read_input_tokens", cached);
        anthropicUsage.put("output_tokens", usage.path("completion_tokens").asInt(0));
        return message;
    }

    static String stopReason(String finishReason) {
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "content_filter" -> "refusal";
            case "tool_calls", "function_call" -> "tool_use";
            default -> "end_turn";
        };
    }
}
