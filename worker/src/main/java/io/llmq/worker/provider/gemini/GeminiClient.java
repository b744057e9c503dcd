package io.llmq.worker.provider.gemini;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Google Gemini's {@code POST <base_url>/models/<model>:generateContent} with {@code x-goog-api-key},
 * taking and giving OpenAI's chat format.
 */
public final class GeminiClient implements ProviderClient {
    private final ProviderHttp http;
    private final Deployment deployment;
    private final String apiKey;
    private final Clock clock;

    public GeminiClient(ProviderHttp http, Deployment deployment, String apiKey, Clock clock) {
        this.http = http;
        this.deployment = deployment;
        this.apiKey = apiKey;
        this.clock = clock;
    }

    @Override
    public ProviderOutcome call(String path, ObjectNode body, String attemptId) throws InterruptedException {
        var refused = ProviderClient.unlessChat("Gemini", path);
        if (refused != null) {
            return refused;
        }
        ObjectNode request;
        try {
            request = GeminiRequest.of(body);
        } catch (Unsupported e) {
            return e.outcome();
        }
        var model = body.path("model").asText();
        var url = deployment.baseUrl() + "/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + ":generateContent";
        var headers = apiKey == null ? Map.<String, String>of() : Map.of("x-goog-api-key", apiKey);
        return http.post(attemptId, URI.create(url), headers, Json.toBytes(request), deployment.timeout(),
                r -> interpret(r, model, clock.millis() / 1000));
    }

    /** Gemini's answers carry none of the rate-limit headers {@code RateLimitHints} reads. */
    private static final AnswerInterpreter ANSWERS = new AnswerInterpreter("x-request-id",
            answer -> answer.has("usageMetadata"), "response body is not a Gemini GenerateContentResponse",
            GeminiClient::errorFields, false);

    static ProviderOutcome interpret(ProviderResponse response, String model, long created) {
        return ANSWERS.interpret(response, Instant.ofEpochSecond(created), (answer, ignored) -> {
            var body = GeminiResponse.toOpenAi(answer, model, created);
            return new AnswerInterpreter.Translated(Json.toText(body), body.path("model").asText(null),
                    GeminiResponse.usage(answer));
        });
    }

    /** {@code {"error": {"code": 429, "message": "...", "status": "RESOURCE_EXHAUSTED"}}}. */
    static ErrorFields errorFields(String body) {
        try {
            var error = Json.MAPPER.readTree(body).path("error");
            return error.isObject() ? new ErrorFields(null, error.path("status").asText(null), error.path("message").asText(null))
                    : ErrorFields.NONE;
        } catch (IOException | RuntimeException e) {
            return ErrorFields.NONE;
        }
    }
}
