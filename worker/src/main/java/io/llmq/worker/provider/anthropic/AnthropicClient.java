package io.llmq.worker.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.worker.provider.AnswerInterpreter;
import io.llmq.worker.provider.ErrorFields;
import io.llmq.worker.provider.ProviderClient;
import io.llmq.worker.provider.ProviderHttp;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.ProviderResponse;
import io.llmq.worker.provider.Unsupported;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
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

    public AnthropicClient(ProviderHttp http, Deployment deployment, String apiKey, Clock clock) {
        this.http = http;
        this.deployment = deployment;
        this.apiKey = apiKey;
        this.clock = clock;
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
                r -> interpret(r, clock.instant()));
    }

    private static final AnswerInterpreter ANSWERS = new AnswerInterpreter("request-id",
            message -> message.path("content").isArray(), "response body is not an Anthropic message",
            AnthropicClient::errorFields, true);

    /** The answer as if it arrived at second {@code created} of the epoch. */
    static ProviderOutcome interpret(ProviderResponse response, long created) {
        return interpret(response, Instant.ofEpochSecond(created));
    }

    /** @param now when the answer arrived: the translated body's {@code created}, and the base of rate-limit resets */
    static ProviderOutcome interpret(ProviderResponse response, Instant now) {
        return ANSWERS.interpret(response, now, (message, body) -> new AnswerInterpreter.Translated(
                Json.toText(AnthropicResponse.toOpenAi(message, now.getEpochSecond())), message.path("model").asText(null),
                AnthropicResponse.usage(message)));
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
