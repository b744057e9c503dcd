package io.llmq.submitter.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events on a response body: each event is written and flushed at once. A write to a
 * client that went away throws {@link IOException}, which ends the stream.
 */
final class SseChannel {
    private final OutputStream out;

    SseChannel(OutputStream out) {
        this.out = out;
    }

    /** Tells the browser's EventSource how long to wait before it reconnects. */
    void retry(long millis) throws IOException {
        write("retry: " + millis + "\n\n");
    }

    /**
     * The last block of a stream that ends before its batch does: an id-only block still sets the
     * EventSource's {@code lastEventId} (the spec sets it before it drops an event without data), so
     * the reconnect it makes after {@code millis} resumes from {@code id}.
     */
    void reconnect(String id, long millis) throws IOException {
        write("id: " + id + "\nretry: " + millis + "\n: stream lifetime reached, reconnect with Last-Event-ID\n\n");
    }

    void event(String type, String id, JsonNode data) throws IOException {
        // Json.toText writes one line: JSON escapes every newline inside strings
        write("id: " + id + "\nevent: " + type + "\ndata: " + Json.toText(data) + "\n\n");
    }

    /** A comment line: invisible to EventSource, keeps proxies and the idle timeout from closing the stream. */
    void heartbeat() throws IOException {
        write(": heartbeat\n\n");
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
