package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.schema.catalogue.Endpoints;
import io.llmq.schema.tokens.PromptTokens;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * OpenAI's endpoints over {@link ProviderHttp}, for OpenAI itself and every server that speaks its
 * format (vLLM, Ollama, LM Studio, llama.cpp, Together, Groq, ...). Bodies pass through untouched
 * in both directions, but for one field: a Responses request without {@code store} is sent with
 * {@code store: false}, since OpenAI otherwise keeps every response (llmq keeps no data at providers).
 * Endpoints the deployment does not serve itself are translated to chat by {@code endpoints.ViaChat}.
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
        var sent = path.equals(Endpoints.RESPONSES) && !body.has("store") ? body.deepCopy().put("store", false) : body;
        var moderation = path.equals(Endpoints.MODERATIONS);
        return http.post(attemptId, URI.create(deployment.baseUrl() + relative), headers, Json.toBytes(sent), deployment.timeout(),
                r -> moderation ? withCountedInput(interpret(r, clock.instant()), body) : interpret(r, clock.instant()));
    }

    /**
     * A moderation answer reports no usage; the call is entered in the ledger with its input's tokens
     * as counted here (free at OpenAI, but a call the ledger must still show).
     */
    static ProviderOutcome withCountedInput(ProviderOutcome outcome, ObjectNode body) {
        if (outcome instanceof ProviderOutcome.Success s && s.usage().inputTokens() == 0) {
            return new ProviderOutcome.Success(s.statusCode(), s.requestId(), s.body(), s.model(),
                    new Usage(PromptTokens.ofInput(body.path("input")), 0, 0), s.pauseHint());
        }
        return outcome;
    }

    private static final AnswerInterpreter ANSWERS = new AnswerInterpreter("x-request-id", answer -> true,
            "response body is not a JSON object", OpenAiCompatibleClient::errorFields, true);

    /**
     * Chat and legacy completions report prompt and completion tokens, embeddings only
     * {@code prompt_tokens}; a Responses answer names them input and output tokens. Public for the
     * Batch API's adapter, whose result lines carry the same answers.
     */
    public static ProviderOutcome interpret(ProviderResponse response, Instant now) {
        return ANSWERS.interpret(response, now, (json, body) -> {
            var usage = json.path("usage");
            var responses = usage.has("input_tokens");
            return new AnswerInterpreter.Translated(body, json.path("model").asText(null),
                    new Usage(usage.path(responses ? "input_tokens" : "prompt_tokens").asInt(0),
                            usage.path(responses ? "input_tokens_details" : "prompt_tokens_details").path("cached_tokens").asInt(0),
                            usage.path(responses ? "output_tokens" : "completion_tokens").asInt(0)));
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
