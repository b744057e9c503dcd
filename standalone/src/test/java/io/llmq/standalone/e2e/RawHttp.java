package io.llmq.standalone.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP calls with the status code visible, for tests of refusals. */
final class RawHttp {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, String requestIdHeader) {
    }

    private RawHttp() {
    }

    static Answer get(String url, String apiKey) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return send(request);
    }

    static Answer postJson(String url, String apiKey, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return send(request);
    }

    private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException notJson) {
            body = Json.object().put("raw", response.body());
        }
        return new Answer(response.statusCode(), body, response.headers().firstValue("x-request-id").orElse(null));
    }
}
