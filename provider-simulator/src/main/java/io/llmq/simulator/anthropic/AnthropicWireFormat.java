package io.llmq.simulator.anthropic;

import io.llmq.simulator.ProviderSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.simulator.batch.BatchRunner;
import io.llmq.simulator.engine.BillBook;
import io.llmq.simulator.engine.Completion;
import io.llmq.simulator.engine.CompletionEngine;
import io.llmq.simulator.engine.FinishReason;
import io.llmq.simulator.engine.Outcome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Anthropic's Messages API, {@code POST /v1/messages}, over the same engine and bill as the OpenAI
 * format: the same prompt gets the same text and the same token counts in either shape. Its Message
 * Batches API is {@link MessageBatchesRoutes}.
 */
public final class AnthropicWireFormat {
    public static final String MESSAGES_PATH = "/v1/messages";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CompletionEngine engine;
    private final BillBook bills;
    private final byte[] apiKey;
    private final BatchRunner batches;

    /**
     * @param apiKey  the one {@code x-api-key} accepted; null accepts any
     * @param batches runs the lines of the Message Batches API's batches
     */
    public AnthropicWireFormat(CompletionEngine engine, BillBook bills, String apiKey, BatchRunner batches) {
        this.engine = engine;
        this.bills = bills;
        this.apiKey = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
        this.batches = batches;
    }

    public void bindTo(Javalin app) {
        app.post(MESSAGES_PATH, this::handle);
        new MessageBatchesRoutes(batches, bills, apiKey).bindTo(app);
    }

    private void handle(Context ctx) throws InterruptedException {
        ctx.header("request-id", "req_" + UUID.randomUUID().toString().replace("-", ""));
        var key = ctx.header("x-api-key");
        if (apiKey != null && (key == null || !MessageDigest.isEqual(apiKey, key.getBytes(StandardCharsets.UTF_8)))) {
            answer(ctx, AnthropicError.authentication());
            return;
        }
        var parsed = MessagesRequest.parse(ctx.bodyAsBytes());
        if (parsed.error() != null) {
            answer(ctx, parsed.error());
            return;
        }
        switch (engine.complete(parsed.prompt(), ctx.header(ProviderSimulator.ATTEMPT_HEADER), parsed.format())) {
            case Outcome.Served(var completion) -> ctx.status(200).contentType("application/json")
                    .result(body(parsed.prompt().model(), completion, parsed.forcedTool()));
            case Outcome.RateLimited(var admission) -> {
                // Anthropic's 429 carries retry-after in seconds; rate-limit refusals are counted in the served log
                ctx.header("retry-after", Long.toString(Math.max(1, (admission.retryAfter().toMillis() + 999) / 1000)));
                var error = new AnthropicError(429, "rate_limit_error", "Number of requests or tokens has exceeded your rate limit.");
                ctx.status(429).contentType("application/json").result(error.toJson());
            }
            case Outcome.ShutDown() -> answer(ctx, AnthropicError.shuttingDown());
        }
    }

    private static JsonNode object(String text) {
        try {
            var node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void answer(Context ctx, AnthropicError error) {
        if (error.status() < 500) {
            bills.rejected();
        }
        ctx.status(error.status()).contentType("application/json").result(error.toJson());
    }

    static byte[] body(String model, Completion completion) {
        return body(model, completion, null);
    }

    /**
     * @param forcedTool the tool {@code tool_choice} forced: a whole JSON answer is its {@code tool_use}
     *                   input; a cut or spoilt one stays text, as the input Anthropic could not complete
     */
    static byte[] body(String model, Completion completion, String forcedTool) {
        var body = JSON.createObjectNode();
        body.put("id", "msg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        body.put("type", "message");
        body.put("role", "assistant");
        body.put("model", model);
        var input = forcedTool == null || completion.finishReason() == FinishReason.LENGTH ? null : object(completion.text());
        if (input != null) {
            body.putArray("content").addObject().put("type", "tool_use")
                    .put("id", "toolu_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24))
                    .put("name", forcedTool).set("input", input);
        } else {
            body.putArray("content").addObject().put("type", "text").put("text", completion.text());
        }
        body.put("stop_reason", completion.finishReason() == FinishReason.LENGTH ? "max_tokens" : input != null ? "tool_use" : "end_turn");
        body.putNull("stop_sequence");
        var usage = body.putObject("usage");
        usage.put("input_tokens", completion.promptTokens());
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", completion.completionTokens());
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
