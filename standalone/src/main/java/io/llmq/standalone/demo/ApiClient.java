package io.llmq.standalone.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** The few calls of llmq's public HTTP API that the demo makes, exactly as any client would. */
public final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String apiKey;

    public ApiClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    public JsonNode uploadBatchFile(String filename, byte[] content) throws IOException, InterruptedException {
        var boundary = "llmq-" + Ids.random(16);
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("/v1/files")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    public JsonNode createBatch(String inputFileId, String priority) throws IOException, InterruptedException {
        var body = Json.object();
        body.put("input_file_id", inputFileId);
        body.put("endpoint", "/v1/chat/completions");
        body.put("completion_window", "24h");
        body.put("priority", priority);
        body.putObject("metadata").put("source", "llmq demo");
        return send(request("/v1/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.toText(body))));
    }

    public JsonNode batch(String id) throws IOException, InterruptedException {
        return send(request("/v1/batches/" + id).GET());
    }

    public void download(String fileId, Path target) throws IOException, InterruptedException {
        var response = http.send(request("/v1/files/" + fileId + "/content").GET().build(), HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() != 200) {
            throw new IOException("GET /v1/files/" + fileId + "/content answered " + response.statusCode());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + apiKey);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.build().method() + " " + request.build().uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }
}
