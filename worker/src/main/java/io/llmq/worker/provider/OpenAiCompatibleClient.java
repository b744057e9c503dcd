package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * OpenAI Chat Completions and Embeddings over {@link ProviderHttp}, for OpenAI itself and every
 * server that speaks its format (vLLM, Ollama, LM Studio, llama.cpp, Together, Groq, ...). Bodies
 * pass through untouched in both directions.
 */
public final class OpenAiCompatibleClient implements ProviderClient {
    private final ProviderHttp http;
    private final Deployment deployment;
    private final String apiKey;
    private final Clock clock;

    public OpenAiCompatibleClient(ProviderHttp http, Deployment deployment, String apiKey, Clock clock) {
        this.http = http;
        this.deployment = deployment;
        this.apiKey = apiKey;
        this.clock = clock;
    }

    @Override
    public ProviderOutcome call(String path, ObjectNode body, String attemptId) throws InterruptedException {
        // Batch urls are "/v1/chat/completions"; a deployment's base URL already ends in "/v1".
        var relative = path.startsWith("/v1/") ? path.substring(3) : path;
        var headers = apiKey == null ? Map.<String, String>of() : Map.of("Authorization", "Bearer " + apiKey);
        return http.post(attemptId, URI.create(deployment.baseUrl() + relative), headers, Json.toBytes(body), deployment.timeout(),
                r -> interpret(r, clock.instant()));
    }

    private static final AnswerInterpreter ANSWERS = new AnswerInterpreter("x-request-id", answer -> true,
            "response body is not a JSON object", OpenAiCompatibleClient::errorFields, true);

    /** Chat completions report prompt and completion tokens; embeddings only {@code prompt_tokens}. */
    static ProviderOutcome interpret(ProviderResponse response, Instant now) {
        return ANSWERS.interpret(response, now, (json, body) -> {
            var usage = json.path("usage");
            return new AnswerInterpreter.Translated(body, json.path("model").asText(null),
                    new Usage(usage.path("prompt_tokens").asInt(0),
                            usage.path("prompt_tokens_details").path("cached_tokens").asInt(0),
                            usage.path("completion_tokens").asInt(0)));
        });
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
