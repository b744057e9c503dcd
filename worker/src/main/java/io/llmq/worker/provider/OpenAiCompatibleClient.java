package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * OpenAI Chat Completions over {@code java.net.http}, for OpenAI itself and every server that
 * speaks its format (vLLM, Ollama, LM Studio, llama.cpp, Together, Groq, ...).
 */
public final class OpenAiCompatibleClient implements ProviderClient {
    private final HttpClient http;
    private final Deployment deployment;
    private final String apiKey;

    public OpenAiCompatibleClient(HttpClient http, Deployment deployment, String apiKey) {
        this.http = http;
        this.deployment = deployment;
        this.apiKey = apiKey;
    }

    @Override
    public ProviderOutcome call(String path, ObjectNode body) throws InterruptedException {
        // Batch urls are "/v1/chat/completions"; a deployment's base URL already ends in "/v1".
        var relative = path.startsWith("/v1/") ? path.substring(3) : path;
        var request = HttpRequest.newBuilder(URI.create(deployment.baseUrl() + relative))
                .timeout(deployment.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body)));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new ProviderOutcome.Retryable(-1, "timeout after " + deployment.timeout().toSeconds() + " s", null);
        } catch (IOException e) {
            return new ProviderOutcome.Retryable(-1, "connection failed: " + e, null);
        }
        return interpret(response);
    }

    static ProviderOutcome interpret(HttpResponse<String> response) {
        var status = response.statusCode();
        var requestId = response.headers().firstValue("x-request-id").orElse(null);
        if (status / 100 == 2) {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(response.body());
            } catch (IOException e) {
                return new ProviderOutcome.Retryable(status, "unparsable response body (" + response.body().length() + " bytes)", null);
            }
            if (json == null || !json.isObject()) {
                return new ProviderOutcome.Retryable(status, "response body is not a JSON object", null);
            }
            var usage = json.path("usage");
            return new ProviderOutcome.Success(status, requestId, response.body(), json.path("model").asText(null),
                    new Usage(usage.path("prompt_tokens").asInt(0),
                            usage.path("prompt_tokens_details").path("cached_tokens").asInt(0),
                            usage.path("completion_tokens").asInt(0)));
        }
        if (FailureClassifier.isRetryable(status)) {
            return new ProviderOutcome.Retryable(status, "HTTP " + status, retryAfter(response));
        }
        var error = parseError(response.body());
        return new ProviderOutcome.Permanent(status, requestId, response.body(),
                error.path("code").asText(error.path("type").asText("provider_error")),
                error.path("message").asText("HTTP " + status));
    }

    private static JsonNode parseError(String body) {
        try {
            var json = Json.MAPPER.readTree(body);
            return json == null ? Json.object() : json.path("error");
        } catch (IOException e) {
            return Json.object();
        }
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("retry-after").map(v -> {
            try {
                return Duration.ofMillis((long) (Double.parseDouble(v.trim()) * 1000));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }
}
