package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * OpenAI Chat Completions and Embeddings over {@code java.net.http}, for OpenAI itself and every
 * server that speaks its format (vLLM, Ollama, LM Studio, llama.cpp, Together, Groq, ...). Bodies
 * pass through untouched in both directions.
 */
public final class OpenAiCompatibleClient implements ProviderClient {
    private final ProviderHttp http;
    private final Deployment deployment;
    private final String apiKey;

    public OpenAiCompatibleClient(ProviderHttp http, Deployment deployment, String apiKey) {
        this.http = http;
        this.deployment = deployment;
        this.apiKey = apiKey;
    }

    @Override
    public ProviderOutcome call(String path, ObjectNode body, String attemptId) throws InterruptedException {
        // Batch urls are "/v1/chat/completions"; a deployment's base URL already ends in "/v1".
        var relative = path.startsWith("/v1/") ? path.substring(3) : path;
        var headers = apiKey == null ? Map.<String, String>of() : Map.of("Authorization", "Bearer " + apiKey);
        return http.post(attemptId, URI.create(deployment.baseUrl() + relative), headers, Json.toBytes(body), deployment.timeout(),
                OpenAiCompatibleClient::interpret);
    }

    /** Chat completions report prompt and completion tokens; embeddings only {@code prompt_tokens}. */
    static ProviderOutcome interpret(ProviderResponse response) {
        var status = response.statusCode();
        var requestId = response.headers().firstValue("x-request-id").orElse(null);
        if (status / 100 == 2) {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(response.body());
            } catch (IOException e) {
                return FailureClassifier.badBody(status, "unparsable response body (" + response.body().length() + " bytes)");
            }
            if (json == null || !json.isObject()) {
                return FailureClassifier.badBody(status, "response body is not a JSON object");
            }
            var usage = json.path("usage");
            return new ProviderOutcome.Success(status, requestId, response.body(), json.path("model").asText(null),
                    new Usage(usage.path("prompt_tokens").asInt(0),
                            usage.path("prompt_tokens_details").path("cached_tokens").asInt(0),
                            usage.path("completion_tokens").asInt(0)), RateLimitHints.pauseHint(response.headers(), java.time.Instant.now()));
        }
        return FailureClassifier.failed(status, requestId, response.body(), errorFields(response.body()),
                response.retryAfter());
    }

    /** {@code {"error": {"message", "type", "param", "code"}}}; anything else (HTML, empty) has no fields. */
    static ErrorFields errorFields(String body) {
        try {
            var error = Json.MAPPER.readTree(body).path("error");
            if (!error.isObject()) {
                return ErrorFields.NONE;
            }
            return new ErrorFields(text(error, "code"), text(error, "type"), text(error, "message"));
        } catch (IOException | RuntimeException e) {
            return ErrorFields.NONE;
        }
    }

    private static String text(JsonNode node, String field) {
        var v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
