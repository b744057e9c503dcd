package io.llmq.simulator.gemini;

import io.llmq.simulator.ProviderSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.simulator.batch.BatchRunner;
import io.llmq.simulator.engine.BillBook;
import io.llmq.simulator.engine.Completion;
import io.llmq.simulator.engine.CompletionEngine;
import io.llmq.simulator.engine.FinishReason;
import io.llmq.simulator.engine.Outcome;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Google Gemini's {@code POST /v1beta/models/<model>:generateContent}, over the same engine and bill
 * as the other formats. The key is {@code x-goog-api-key} (or {@code ?key=}). Batch mode is
 * {@link GeminiBatchRoutes}.
 */
public final class GeminiWireFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACTION = ":generateContent";
    private static final String BATCH_ACTION = ":batchGenerateContent";

    private final CompletionEngine engine;
    private final BillBook bills;
    private final byte[] apiKey;
    private final GeminiBatchRoutes batches;

    /** @param batches runs the lines of batch mode's batches */
    public GeminiWireFormat(CompletionEngine engine, BillBook bills, String apiKey, BatchRunner batches) {
        this.engine = engine;
        this.bills = bills;
        this.apiKey = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
        this.batches = new GeminiBatchRoutes(batches);
    }

    public void bindTo(Javalin app) {
        app.post("/v1beta/models/{call}", this::handle);
        app.before("/v1beta/batches*", ctx -> {
            if (!keyAccepted(ctx)) {
                answer(ctx, 401, "UNAUTHENTICATED", "API key not valid. Please pass a valid API key.");
                ctx.skipRemainingHandlers();
            }
        });
        batches.bindTo(app, this::answer);
    }

    private boolean keyAccepted(Context ctx) {
        var key = ctx.header("x-goog-api-key") != null ? ctx.header("x-goog-api-key") : ctx.queryParam("key");
        return apiKey == null || key != null && MessageDigest.isEqual(apiKey, key.getBytes(StandardCharsets.UTF_8));
    }

    private void handle(Context ctx) throws InterruptedException {
        var call = ctx.pathParam("call");
        if (!call.endsWith(ACTION) && !call.endsWith(BATCH_ACTION)) {
            answer(ctx, 404, "NOT_FOUND", "Method not found: " + call);
            return;
        }
        if (!keyAccepted(ctx)) {
            answer(ctx, 401, "UNAUTHENTICATED", "API key not valid. Please pass a valid API key.");
            return;
        }
        if (call.endsWith(BATCH_ACTION)) {
            batches.create(ctx, call.substring(0, call.length() - BATCH_ACTION.length()), this::answer);
            return;
        }
        var model = call.substring(0, call.length() - ACTION.length());
        var parsed = GenerateContentRequest.parse(model, ctx.bodyAsBytes());
        if (parsed.error() != null) {
            answer(ctx, 400, "INVALID_ARGUMENT", parsed.error());
            return;
        }
        switch (engine.complete(parsed.prompt(), ctx.header(ProviderSimulator.ATTEMPT_HEADER), parsed.format())) {
            case Outcome.Served(var completion) -> ctx.status(200).contentType("application/json").result(body(model, completion));
            case Outcome.RateLimited(var admission) -> {
                var body = JSON.createObjectNode();
                body.putObject("error").put("code", 429).put("message", "Resource has been exhausted (e.g. check quota).")
                        .put("status", "RESOURCE_EXHAUSTED");
                ctx.header("retry-after", Long.toString(Math.max(1, (admission.retryAfter().toMillis() + 999) / 1000)));
                ctx.status(429).contentType("application/json").result(body.toString());
            }
            case Outcome.ShutDown() -> answer(ctx, 503, "UNAVAILABLE", "The simulator is shutting down.");
        }
    }

    private void answer(Context ctx, int status, String code, String message) {
        if (status < 500) {
            bills.rejected();
        }
        var body = JSON.createObjectNode();
        body.putObject("error").put("code", status).put("message", message).put("status", code);
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    static byte[] body(String model, Completion completion) {
        var body = JSON.createObjectNode();
        var candidate = body.putArray("candidates").addObject();
        var content = candidate.putObject("content");
        content.putArray("parts").addObject().put("text", completion.text());
        content.put("role", "model");
        candidate.put("finishReason", completion.finishReason() == FinishReason.LENGTH ? "MAX_TOKENS" : "STOP");
        candidate.put("index", 0);
        var usage = body.putObject("usageMetadata");
        usage.put("promptTokenCount", completion.promptTokens());
        usage.put("candidatesTokenCount", completion.completionTokens());
        usage.put("totalTokenCount", completion.totalTokens());
        body.put("modelVersion", model);
        body.put("responseId", UUID.randomUUID().toString().replace("-", "").substring(0, 22));
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
