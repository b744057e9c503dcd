package io.llmq.standalone.api;

import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies are refused once they pass their endpoint's limit, whether they declare a length or not:
 * a chunked body is counted as it arrives, a {@code Content-Length} over 2 GiB (which the servlet's
 * {@code int} length cannot hold) is refused before a byte is read, the unauthenticated login form
 * has a limit of its own, and JSON within the byte limit is still bounded in what its tree may
 * hold. Every refusal is a 4xx in llmq's shape, never a 500 nor a server reading gigabytes.
 */
class BodyLimitTest {
    private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    private static final long THREE_GIB = 3L * 1024 * 1024 * 1024;
    private static Stack stack;
    private static Http api;
    private static Http admin;

    private record Case(String name, int status, String code, Http.Answer answer) {
    }

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_MAX_FILE_BYTES", Integer.toString(MAX_FILE_BYTES)));
        api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
        admin = Http.to(stack.baseUrl()).with("X-Admin-Key", Tenants.ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldRefuseBodiesOverTheLimitWhileTheyStream() throws Exception {
        List<Case> cases = new ArrayList<>();
        // 65 MiB without a Content-Length: Javalin's own check only sees a declared length
        cases.add(new Case("chunked batch create over 64 MiB", 413, "PAYLOAD_TOO_LARGE", chunked(api, "/v1/batches", "application/json",
                "{\"metadata\":{\"k\":\"", 65 * 1024 * 1024, "\"}}")));
        cases.add(new Case("chunked admin body over 1 MiB", 413, "PAYLOAD_TOO_LARGE", chunked(admin, "/admin/tenants", "application/json",
                "{\"name\":\"", 2 * 1024 * 1024, "\"}")));
        cases.add(new Case("admin body declaring 2 MiB", 413, "PAYLOAD_TOO_LARGE", admin.post("/admin/tenants",
                "{\"name\":\"" + "n".repeat(2 * 1024 * 1024) + "\"}")));
        cases.add(new Case("chunked login form over 16 KiB", 413, "PAYLOAD_TOO_LARGE", chunked(Http.to(stack.baseUrl()), "/ui/login",
                "application/x-www-form-urlencoded", "api_key=", 100 * 1024, "")));
        cases.add(new Case("chunked upload over the file limit", 413, "PAYLOAD_TOO_LARGE", api.send(api.request("/v1/files")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> multipart("b", MAX_FILE_BYTES + 200 * 1024))))));
        for (var c : cases) {
            assertThat(c.answer().status()).as("%s: %s", c.name(), shorten(c.answer().text())).isEqualTo(c.status());
            assertThat(c.answer().json().at("/error/code").asText()).as(c.name()).isEqualTo(c.code());
            assertThat(c.answer().header("x-request-id")).as(c.name()).startsWith("req_");
        }
    }

    @Test
    void shouldRefuseAContentLengthOverTwoGibibytesBeforeReadingTheBody() throws Exception {
        for (var path : List.of("/v1/batches", "/admin/tenants", "/ui/login", "/v1/messages/batches")) {
            var contentType = path.startsWith("/ui") ? "application/x-www-form-urlencoded" : "application/json";
            var answer = declaredOnly(path, contentType, THREE_GIB);

            assertThat(answer).as(path).startsWith("HTTP/1.1 413").containsAnyOf("PAYLOAD_TOO_LARGE", "request_too_large").contains("x-request-id: req_");
        }
    }

    @Test
    void shouldBoundWhatAJsonBodyWithinItsByteLimitMayHold() throws Exception {
        var deep = "[".repeat(300) + "]".repeat(300);
        var deepBody = api.post("/v1/batches", inline("\"x\":" + deep + ","));
        var longName = api.post("/v1/batches", inline("\"" + "n".repeat(2000) + "\":1,"));
        var longNumber = admin.post("/admin/tenants", "{\"name\":\"n\",\"max_pending_jobs\":" + "9".repeat(200) + "}");

        assertThat(deepBody.status()).as(deepBody.text()).isEqualTo(400);
        assertThat(deepBody.json().at("/error/message").asText()).contains("nesting depth");
        assertThat(longName.status()).as(longName.text()).isEqualTo(400);
        assertThat(longName.json().at("/error/message").asText()).contains("Name length");
        assertThat(longNumber.status()).as(longNumber.text()).isEqualTo(400);
        assertThat(longNumber.json().at("/error/message").asText()).contains("Number value length");
    }

    @Test
    void shouldAcceptAFilePartWithoutAFilenameLargerThanAnyFormField() throws Exception {
        // the OpenAI SDKs send the file this way; the servlet would have made it a form parameter
        var answer = api.send(api.request("/v1/files").header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> multipart("b", 2 * 1024 * 1024))));

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().path("bytes").asLong()).isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void shouldStillLogInWithAFormWithinItsLimit() throws Exception {
        var web = Http.to(stack.baseUrl());
        var answer = web.send(web.request("/ui/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("other=1&api_key=" + URLEncoder.encode(stack.apiKey(), StandardCharsets.UTF_8))));

        assertThat(answer.status()).as(answer.text()).isEqualTo(303);
        assertThat(answer.header("Set-Cookie")).isNotBlank();
    }

    private static String inline(String extraBodyField) {
        return "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"requests\":[{\"custom_id\":\"a\","
                + "\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{" + extraBodyField
                + "\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}]}";
    }

    /** A body of {@code head}, {@code fill} bytes of 'x' and {@code tail}, sent without a Content-Length. */
    private static Http.Answer chunked(Http http, String path, String contentType, String head, int fill, String tail)
            throws IOException, InterruptedException {
        return http.send(http.request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                new SequenceInputStream(new SequenceInputStream(utf8(head), new Filler(fill)), utf8(tail)))));
    }

    /** A multipart body: purpose=batch, then a file part without a filename of {@code bytes} bytes of JSONL-ish text. */
    private static InputStream multipart(String boundary, int bytes) {
        var head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        return new SequenceInputStream(new SequenceInputStream(utf8(head), new Filler(bytes)), utf8("\r\n--" + boundary + "--\r\n"));
    }

    private static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Request line and headers declaring {@code length}, and the first byte of the body (Jetty
     * dispatches a request once some of its content is there); the answer as raw text.
     */
    private static String declaredOnly(String path, String contentType, long length) throws IOException {
        var uri = URI.create(stack.baseUrl());
        try (var socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            var auth = path.startsWith("/admin") ? "X-Admin-Key: " + Tenants.ADMIN_KEY : "x-api-key: " + stack.apiKey();
            var head = "POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n" + auth + "\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + length + "\r\n\r\n{";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readResponse(socket.getInputStream());
        }
    }

    /** Status line, headers and a body of the declared Content-Length. */
    private static String readResponse(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (out.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        var head = out.toString(StandardCharsets.US_ASCII);
        var length = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String shorten(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** {@code size} bytes of 'x', made as they are read. */
    private static final class Filler extends InputStream {
        private long left;

        Filler(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? 'x' : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            var n = (int) Math.min(length, left);
            Arrays.fill(buffer, offset, offset + n, (byte) 'x');
            left -= n;
            return n;
        }
    }
}
