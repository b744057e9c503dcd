package io.llmq.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The provider batches the simulator holds, read through its own list endpoints as a provider's
 * console would show them: each with the llmq key it was created under.
 */
final class SimulatorBatches {
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    SimulatorBatches(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * @param key the llmq key: OpenAI's {@code metadata.llmq_key}; for Anthropic, which keeps no metadata, the
     *            tag its custom ids carry before llmq's job id
     */
    record Held(String id, String key, String outputFileId, String errorFileId) {
    }

    /** OpenAI's batches, newest first. */
    List<Held> openAi() throws IOException, InterruptedException {
        List<Held> held = new ArrayList<>();
        String after = null;
        while (true) {
            var page = get("/v1/batches?limit=100" + (after == null ? "" : "&after=" + encode(after)));
            for (var b : page.path("data")) {
                held.add(new Held(b.path("id").asText(), b.at("/metadata/llmq_key").asText(null), b.path("output_file_id").asText(null),
                        b.path("error_file_id").asText(null)));
            }
            if (!page.path("has_more").asBoolean(false)) {
                return held;
            }
            after = page.path("last_id").asText();
        }
    }

    /** Anthropic's message batches, newest first; reading their results (to see the tag) needs them ended. */
    List<Held> anthropic() throws IOException, InterruptedException {
        List<Held> held = new ArrayList<>();
        String after = null;
        while (true) {
            var page = get("/v1/messages/batches?limit=100" + (after == null ? "" : "&after_id=" + encode(after)));
            for (var b : page.path("data")) {
                var id = b.path("id").asText();
                held.add(new Held(id, tag(id), null, null));
            }
            if (!page.path("has_more").asBoolean(false)) {
                return held;
            }
            after = page.path("last_id").asText();
        }
    }

    /** The provider batch whose output or error file is {@code fileId}, or null. */
    String openAiBatchOfFile(String fileId) throws IOException, InterruptedException {
        return openAi().stream().filter(b -> fileId.equals(b.outputFileId()) || fileId.equals(b.errorFileId())).map(Held::id)
                .findFirst().orElse(null);
    }

    private String tag(String id) throws IOException, InterruptedException {
        var response = http.send(request("/v1/messages/batches/" + encode(id) + "/results"), HttpResponse.BodyHandlers.ofLines());
        try (var lines = response.body()) {
            var first = lines.filter(l -> !l.isBlank()).findFirst();
            if (response.statusCode() != 200 || first.isEmpty()) {
                return null;
            }
            var customId = Json.MAPPER.readTree(first.get()).path("custom_id").asText();
            return customId.substring(0, customId.length() - Reconciliation.jobOf(customId).length());
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        var response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the simulator answered GET " + path + " with " + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("anthropic-version", "2023-06-01").GET().build();
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
