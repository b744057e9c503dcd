package io.llmq.standalone.api;

import io.llmq.schema.Ids;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests that stay open while a client reads or waits must not starve the rest: a download read
 * slowly holds no database connection of the submitter's 16, an event stream ends after
 * {@code LLMQ_STREAM_MAX_SECONDS} with a reconnect, and a client that sends its header a byte at a
 * time is cut off at the header deadline (10 s) although each byte restarts the idle timeout.
 */
class LongLivedRequestsTest {
    private static final int SLOW_DOWNLOADS = 20;
    private static Stack stack;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(100)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_TENANT_MAX_STREAMS", "64", "LLMQ_STREAM_MAX_SECONDS", "3"));
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldAnswerOtherRequestsWhileMoreDownloadsThanPoolConnectionsAreReadSlowly() throws Exception {
        var batchId = batch("slowread");
        // about 12 MB of output: more than the kernel's socket buffers take, so a reader that stops leaves the server blocked writing
        db.update("""
                INSERT INTO job_results (job_id, batch_id, tenant_id, custom_id, line, status, status_code, response, attempts)
                SELECT ? || '-' || g, ?, 'default', 'slow-' || g, g, 'succeeded', 200, jsonb_build_object('pad', repeat('x', 5000)), 1
                FROM generate_series(1, 2400) g""", batchId, batchId);
        var fileId = "file-" + Ids.random(24);
        db.update("INSERT INTO files (id, tenant_id, purpose, filename, bytes, batch_id) VALUES (?, 'default', 'batch_output', ?, 0, ?)",
                fileId, batchId + "_output.jsonl", batchId);

        List<Socket> readers = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_DOWNLOADS; i++) {
                var socket = connect();
                send(socket, "GET /v1/files/" + fileId + "/content HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + stack.apiKey() + "\r\n\r\n");
                readers.add(socket);
            }
            for (var socket : readers) {
                // the answer has begun, and then nobody reads on
                var head = headerOf(socket.getInputStream());
                assertThat(head).startsWith("HTTP/1.1 200");
                assertThat(head.toLowerCase()).contains("x-content-type-options: nosniff")
                        .contains(("content-disposition: attachment; filename=\"" + batchId + "_output.jsonl\"").toLowerCase());
            }
            var api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
            var health = api.get("/health");
            assertThat(health.status()).as(health.text()).isEqualTo(200);
            var read = api.get("/v1/batches/" + batchId);
            assertThat(read.status()).as(read.text()).isEqualTo(200);
        } finally {
            for (var socket : readers) {
                socket.close();
            }
        }
    }

    @Test
    void shouldEndAnEventStreamAtItsLifetimeWithAReconnectThatResumes() throws Exception {
        var batchId = batch("lifetime");
        var url = stack.baseUrl() + "/v1/batches/" + batchId + "/events";
        try (var stream = EventStream.open(url, stack.apiKey(), null)) {
            assertThat(stream.status).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(stream::finished);
            assertThat(stream.events).as(stream.text()).extracting(EventStream.Event::type).containsExactly("snapshot");
            assertThat(stream.comments).contains("stream lifetime reached, reconnect with Last-Event-ID");
            try (var resumed = EventStream.open(url, stack.apiKey(), stream.events.getFirst().id())) {
                assertThat(resumed.status).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> !resumed.events.isEmpty());
                assertThat(resumed.events.getFirst().type()).isEqualTo("snapshot");
            }
        }
    }

    @Test
    void shouldCloseAConnectionWhoseHeaderTricklesInPastTheDeadline() throws Exception {
        try (var socket = connect()) {
            send(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
            // one byte a second: each restarts Jetty's idle timeout (120 s), none completes the header
            var trickle = Thread.ofVirtual().name("slowloris").start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        socket.getOutputStream().write('a');
                        socket.getOutputStream().flush();
                        Thread.sleep(1000);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server hung up, or the test is over
                }
            });
            try {
                assertThat(closedByServer(socket.getInputStream())).as("the server closed the connection").isTrue();
            } finally {
                trickle.interrupt();
            }
        }
    }

    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static String batch(String name) throws Exception {
        var id = "batch_" + name + Ids.random(12);
        db.update("""
                INSERT INTO batches (id, tenant_id, dialect, endpoint, input_file_id, completion_window, priority, status, total,
                                     in_progress_at, expires_at)
                VALUES (?, 'default', 'openai', '/v1/chat/completions', 'file-none', '24h', 'normal', 'in_progress', 2400, now(),
                        now() + interval '1 day')""", id);
        return id;
    }

    private static Socket connect() throws IOException {
        var base = URI.create(stack.baseUrl());
        var socket = new Socket();
        // a small window, so that the server's writes stop as soon as the test stops reading
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads up to the blank line that ends the response header, and not a byte further. */
    private static String headerOf(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        while (true) {
            var b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
            var text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
    }
}
