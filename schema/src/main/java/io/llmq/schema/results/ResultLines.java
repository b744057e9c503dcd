package io.llmq.schema.results;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmq.schema.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The lines of a batch's output and error files, in OpenAI's format, in one place: the submitter
 * renders downloads with them and the worker counts their bytes with them as results are written,
 * so a file object's {@code bytes} is the length of its download by construction.
 *
 * <p>{@code body} and {@code error} are JSON texts written as they are (PostgreSQL's
 * {@code jsonb::text}); the counting methods take their UTF-8 lengths instead, as PostgreSQL
 * measures them ({@code octet_length}), so a row need not be read back to be counted.
 */
public final class ResultLines {
    /** A JSON text's length when it is null (the line then says {@code null}). */
    public static final long ABSENT = -1;

    private ResultLines() {
    }

    /**
     * One job's line without its newline; {@code statusCode} null means the job got no answer
     * ({@code "response": null}); {@code checks} is the JSON text of the output checks the answer
     * went through, or null.
     */
    public static void writeResult(JsonGenerator gen, String jobId, String customId, Integer statusCode, String requestId,
                                   String body, String error, boolean cached, String checks) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("id", "batch_req_" + jobId);
        gen.writeStringField("custom_id", customId);
        if (statusCode != null) {
            gen.writeObjectFieldStart("response");
            gen.writeNumberField("status_code", statusCode);
            gen.writeStringField("request_id", requestId);
            gen.writeFieldName("body");
            raw(gen, body);
            gen.writeEndObject();
        } else {
            gen.writeNullField("response");
        }
        gen.writeFieldName("error");
        raw(gen, error);
        if (cached || checks != null) {
            // llmq's own facts about the line, beside OpenAI's fields (SDKs ignore unknown fields): answered from
            // the response cache rather than by a provider call; the output checks the answer went through
            gen.writeObjectFieldStart("llmq");
            if (cached) {
                gen.writeBooleanField("cached", true);
            }
            if (checks != null) {
                gen.writeFieldName("checks");
                gen.writeRawValue(checks);
            }
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }

    /** A job that ended with its batch before the dispatcher released it: the same line a guarded job gets. */
    public static void writeUnreleased(JsonGenerator gen, String jobId, String customId, String code, String message)
            throws IOException {
        gen.writeStartObject();
        gen.writeStringField("id", "batch_req_" + jobId);
        gen.writeStringField("custom_id", customId);
        gen.writeNullField("response");
        gen.writeObjectFieldStart("error");
        gen.writeStringField("code", code);
        gen.writeStringField("message", message);
        gen.writeEndObject();
        gen.writeEndObject();
    }

    /**
     * The bytes of {@link #writeResult}'s line and its newline, given the UTF-8 lengths of the
     * body, error and checks texts ({@link #ABSENT} for null). A body counts only when there is a response.
     */
    public static long resultBytes(String jobId, String customId, Integer statusCode, String requestId,
                                   long bodyBytes, long errorBytes, boolean cached, long checksBytes) {
        var counter = new Counter();
        try (var gen = generator(counter)) {
            // the raw texts are left out (empty) and added by length: a raw value changes no separator
            writeResult(gen, jobId, customId, statusCode, requestId, bodyBytes == ABSENT ? null : "",
                    errorBytes == ABSENT ? null : "", cached, checksBytes == ABSENT ? null : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.bytes + 1 + (statusCode != null ? Math.max(0, bodyBytes) : 0) + Math.max(0, errorBytes)
                + Math.max(0, checksBytes);
    }

    /** The bytes of {@link #writeUnreleased}'s line and its newline. */
    public static long unreleasedBytes(String jobId, String customId, String code, String message) {
        var counter = new Counter();
        try (var gen = generator(counter)) {
            writeUnreleased(gen, jobId, customId, code, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.bytes + 1;
    }

    /**
     * A generator for lines written into {@code out}, which it leaves open. Without a root value
     * separator: Jackson's default would start every line but a page's first with a space.
     */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        var gen = Json.MAPPER.getFactory().createGenerator(out);
        gen.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        gen.setRootValueSeparator(null);
        return gen;
    }

    private static void raw(JsonGenerator gen, String json) throws IOException {
        if (json == null) {
            gen.writeNull();
        } else {
            gen.writeRawValue(json);
        }
    }

    private static final class Counter extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
