package io.llmq.worker.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.worker.provider.ErrorFields;
import io.llmq.worker.provider.FailureClassifier;
import io.llmq.worker.provider.ProviderClient;
import io.llmq.worker.provider.ProviderHttp;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.ProviderResponse;
import io.llmq.worker.provider.RateLimitHints;
import io.llmq.worker.provider.Unsupported;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST <base_url>/messages}, {@code x-api-key},
 * {@code anthropic-version: 2023-06-01}), taking and giving OpenAI's chat format.
 */
public final class AnthropicClient implements ProviderClient {
    static final String VERSION = "2023-06-01";

    private final ProviderHttp http;
    private final Deployment deployment;
    private final String apiKey;
    private final Clock clock;

    public AnthropicClient(ProviderHttp http, Deployment deployment, String apiKey) {
        this.http = http;
        this.deployment = deployment;
        this.apiKey = apiKey;
        this.clock = Clock.systemUTC();
    }

    @Override
    public ProviderOutcome call(String path, ObjectNode body, String attemptId) throws InterruptedException {
        var refused = ProviderClient.unlessChat("Anthropic", path);
        if (refused != null) {
            return refused;
        }
        ObjectNode request;
        try {
            request = AnthropicRequest.of(body);
        } catch (Unsupported e) {
            return e.outcome();
        }
        var headers = apiKey == null ? Map.of("anthropic-version", VERSION)
                : Map.of("anthropic-version", VERSION, "x-api-key", apiKey);
        return http.post(attemptId, URI.create(deployment.baseUrl() + "/messages"), headers, Json.toBytes(request), deployment.timeout(),
                r -> interpret(r, clock.millis() / 1000));
    }

    static ProviderOutcome interpret(ProviderResponse response, long created) {
        var status = response.statusCode();
        var requestId = response.headers().firstValue("request-id").orElse(null);
        if (status / 100 != 2) {
            return FailureClassifier.failed(status, requestId, response.body(), errorFields(response.body()),
                    response.retryAfter());
        }
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            return FailureClassifier.badBody(status, "unparsable response body (" + response.body().length() + " bytes)");
        }
        if (message == null || !message.isObject() || !message.path("content").isArray()) {
            return FailureClassifier.badBody(status, "response body is not an Anthropic message");
        }
        var body = AnthropicResponse.toOpenAi(message, created);
        return new ProviderOutcome.Success(status, requestId, Json.toText(body), message.path("model").asText(null),
                AnthropicResponse.usage(message), RateLimitHints.pauseHint(response.headers(), java.time.Instant.now()));
    }

    /** {@code {"type": "error", "error": {"type": "overloaded_error", "message": "..."}}}. */
    static ErrorFields errorFields(String body) {
        try {
            var error = Json.MAPPER.readTree(body).path("error");
            return error.isObject() ? new ErrorFields(null, error.path("type").asText(null), error.path("message").asText(null))
                    : ErrorFields.NONE;
        } catch (IOException | RuntimeException e) {
            return ErrorFields.NONE;
        }
    }
}
