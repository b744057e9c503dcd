package io.llmq.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client for the simulator, so tests see exactly the bytes a real client would. */
final class SimulatorClient implements AutoCloseable {

    static final String CHAT = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;

    SimulatorClient(ProviderSimulator simulator) {
        this.baseUrl = simulator.baseUrl();
    }

    record Answer(int status, HttpHeaders headers, String body, Duration took) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String content() {
            return json().at("/choices/0/message/content").textValue();
        }
    }

    Answer chat(String body) {
        return post(CHAT, body);
    }

    Answer chat(String body, String authorization) {
        return send(request(CHAT).header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    CompletableFuture<Answer> chatAsync(String body) {
        var started = System.nanoTime();
        return http.sendAsync(request(CHAT).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> answer(response, started));
    }

    Answer post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
    }

    private Answer send(HttpRequest.Builder request) {
        var started = System.nanoTime();
        try {
            return answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()), started);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Answer answer(HttpResponse<String> response, long startedNanos) {
        return new Answer(response.statusCode(), response.headers(), response.body(), Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    @Override
    public void close() {
        http.close();
    }
}
