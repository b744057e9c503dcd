package io.llmq.cli.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/** llmq's public HTTP API as the CLI (and the demo) uses it: JDK HttpClient, bearer key. */
public final class LlmqClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String apiKey;

    public LlmqClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Uploads a JSONL file for a batch ({@code POST /v1/files}), streaming it from disk. */
    public JsonNode upload(Path file) throws IOException, InterruptedException, ApiException {
        return upload(file.getFileName().toString(), HttpRequest.BodyPublishers.ofFile(file));
    }

    public JsonNode upload(String filename, byte[] content) throws IOException, InterruptedException, ApiException {
        return upload(filename, HttpRequest.BodyPublishers.ofByteArray(content));
    }

    private JsonNode upload(String filename, HttpRequest.BodyPublisher content) throws IOException, InterruptedException, ApiException {
        var boundary = "llmq-" + UUID.randomUUID();
        var head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename.replace("\"", "_") + "\"\r\nContent-Type: application/jsonl\r\n\r\n";
        var body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8), content,
                HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        return send(request("/v1/files").header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body));
    }

    public JsonNode createBatch(NewBatch batch) throws IOException, InterruptedException, ApiException {
        return postJson("/v1/batches", createBody(batch));
    }

    /** What creating {@code batch} would cost and take ({@code POST /v1/batches/quote}); llmq stores nothing. */
    public JsonNode quote(NewBatch batch) throws IOException, InterruptedException, ApiException {
        return postJson("/v1/batches/quote", createBody(batch));
    }

    /** A new batch of an ended batch's failed and expired requests ({@code POST /v1/batches/{id}/retry}). */
    public JsonNode retry(String id, JsonNode overrides) throws IOException, InterruptedException, ApiException {
        return postJson("/v1/batches/" + segment(id) + "/retry", overrides);
    }

    private JsonNode postJson(String path, JsonNode body) throws IOException, InterruptedException, ApiException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private static JsonNode createBody(NewBatch batch) {
        var body = Json.MAPPER.createObjectNode();
        body.put("input_file_id", batch.inputFileId());
        body.put("endpoint", batch.endpoint());
        body.put("completion_window", batch.window());
        body.put("priority", batch.priority());
        if (batch.metadata() != null && !batch.metadata().isEmpty()) {
            var metadata = body.putObject("metadata");
            batch.metadata().forEach(metadata::put);
        }
        return body;
    }

    public void deleteFile(String fileId) throws IOException, InterruptedException, ApiException {
        send(request("/v1/files/" + segment(fileId)).DELETE());
    }

    public JsonNode batch(String id) throws IOException, InterruptedException, ApiException {
        return send(request("/v1/batches/" + segment(id)).GET());
    }

    public JsonNode batches(int limit) throws IOException, InterruptedException, ApiException {
        return send(request("/v1/batches?limit=" + limit).GET());
    }

    public JsonNode cancel(String id) throws IOException, InterruptedException, ApiException {
        return send(request("/v1/batches/" + segment(id) + "/cancel").POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** One page of llmq's result view, in input order, after input line {@code after}. */
    public JsonNode results(String id, int after, int limit) throws IOException, InterruptedException, ApiException {
        return send(request("/v1/batches/" + segment(id) + "/results?after=" + after + "&limit=" + limit).GET());
    }

    public JsonNode usage(Map<String, String> query) throws IOException, InterruptedException, ApiException {
        return send(request("/v1/usage" + query(query)).GET());
    }

    /** The content of a file (an uploaded one, or a batch's output / error file) into {@code target}. */
    public void download(String fileId, Path target) throws IOException, InterruptedException, ApiException {
        var response = call(request("/v1/files/" + segment(fileId) + "/content").GET().build(), HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() != 200) {
            throw ApiException.of(response.statusCode(), null, response.headers().firstValue("x-request-id").orElse(null));
        }
    }

    /**
     * Opens {@code GET /v1/batches/{id}/events}; the caller reads the stream and closes it.
     *
     * @param lastEventId null, or the id of the last event seen (to resume after a dropped connection)
     */
    public InputStream events(String id, String lastEventId) throws IOException, InterruptedException, ApiException {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/batches/" + segment(id) + "/events"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        var response = call(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            try (var body = response.body()) {
                throw ApiException.of(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8),
                        response.headers().firstValue("x-request-id").orElse(null));
            }
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + apiKey);
    }

    private JsonNode send(HttpRequest.Builder builder) throws IOException, InterruptedException, ApiException {
        var request = builder.build();
        var response = call(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw ApiException.of(response.statusCode(), response.body(), response.headers().firstValue("x-request-id").orElse(null));
        }
        return Json.MAPPER.readTree(response.body());
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new ConnectException("cannot reach llmq at " + baseUrl + " (is it running? set LLMQ_URL or --url)");
        }
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(Map<String, String> params) {
        var joiner = new StringJoiner("&", "?", "");
        joiner.setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null) {
                joiner.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return joiner.toString();
    }
}
