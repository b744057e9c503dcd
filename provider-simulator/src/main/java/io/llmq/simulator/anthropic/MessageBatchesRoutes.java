package io.llmq.simulator.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.simulator.batch.BatchCall;
import io.llmq.simulator.batch.BatchHook;
import io.llmq.simulator.batch.BatchLine;
import io.llmq.simulator.batch.BatchRunner;
import io.llmq.simulator.batch.HookedLines;
import io.llmq.simulator.batch.SimulatedBatch;
import io.llmq.simulator.engine.BillBook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Anthropic's Message Batches API: {@code POST /v1/messages/batches} ({@code requests: [{custom_id,
 * params}]}, at most 100,000), {@code GET /v1/messages/batches} (newest first, {@code limit},
 * {@code after_id}, {@code before_id}), {@code GET .../{id}}, {@code GET .../{id}/results} (JSONL,
 * once ended) and {@code POST .../{id}/cancel}. Each {@code params} is read as {@code POST /v1/messages}
 * reads its body; one it would refuse errors alone, the batch runs on.
 */
final class MessageBatchesRoutes {
    static final String PATH = "/v1/messages/batches";
    private static final int MAX_REQUESTS = 100_000;
    private static final Duration WINDOW = Duration.ofHours(24);
    /** Anthropic's rule for a custom_id. */
    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, SimulatedBatch> batches = new LinkedHashMap<>();
    private final BatchRunner runner;
    private final BillBook bills;
    private final byte[] apiKey;

    MessageBatchesRoutes(BatchRunner runner, BillBook bills, byte[] apiKey) {
        this.runner = runner;
        this.bills = bills;
        this.apiKey = apiKey;
    }

    void bindTo(Javalin app) {
        app.post(PATH, ctx -> guarded(ctx, () -> create(ctx)));
        app.get(PATH, ctx -> guarded(ctx, () -> list(ctx)));
        app.get(PATH + "/{id}", ctx -> guarded(ctx, () -> json(ctx, MessageBatch.toJson(batch(ctx), baseUrl(ctx)))));
        app.get(PATH + "/{id}/results", ctx -> guarded(ctx, () -> {
            var batch = batch(ctx);
            if (!batch.phase().ended()) {
                throw new Refused(AnthropicError.invalid("Batch " + batch.id() + " has not ended: its results are not ready."));
            }
            var hook = runner.hook();
            var results = MessageBatch.results(batch);
            ctx.status(200).contentType("application/x-jsonl");
            if (hook == BatchHook.NONE) {
                ctx.result(results);
            } else {
                ctx.result(new HookedLines(results, hook, new BatchCall("GET " + PATH + "/{id}/results", ctx.header("x-api-key")), batch.id()));
            }
        }));
        app.post(PATH + "/{id}/cancel", ctx -> guarded(ctx, () -> {
            var batch = batch(ctx);
            batch.cancel(runner.now());
            json(ctx, MessageBatch.toJson(batch, baseUrl(ctx)));
        }));
    }

    /** An Anthropic refusal thrown from inside a handler. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient AnthropicError error;

        Refused(AnthropicError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    private void guarded(Context ctx, Runnable handler) {
        ctx.header("request-id", "req_" + UUID.randomUUID().toString().replace("-", ""));
        var key = ctx.header("x-api-key");
        try {
            if (apiKey != null && (key == null || !MessageDigest.isEqual(apiKey, key.getBytes(StandardCharsets.UTF_8)))) {
                throw new Refused(AnthropicError.authentication());
            }
            handler.run();
        } catch (Refused r) {
            if (r.error.status() < 500) {
                bills.rejected();
            }
            ctx.status(r.error.status()).contentType("application/json").result(r.error.toJson());
        }
    }

    private void create(Context ctx) {
        JsonNode root;
        try {
            root = JSON.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw new Refused(AnthropicError.invalid("Request body is not valid JSON."));
        }
        var requests = root == null ? null : root.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty() || requests.size() > MAX_REQUESTS) {
            throw new Refused(AnthropicError.invalid("requests: between 1 and " + MAX_REQUESTS + " requests are required"));
        }
        var lines = new ArrayList<BatchLine>();
        var ids = new HashSet<String>();
        for (int i = 0; i < requests.size(); i++) {
            var request = requests.get(i);
            var customId = request.path("custom_id").asText("");
            if (!CUSTOM_ID.matcher(customId).matches() || !ids.add(customId)) {
                throw new Refused(AnthropicError.invalid("requests." + i + ".custom_id: must be 1 to 64 characters of letters, digits,"
                        + " '-' and '_', unique in the batch, got '" + customId + "'"));
            }
            if (!request.path("params").isObject()) {
                throw new Refused(AnthropicError.invalid("requests." + i + ".params: Field required"));
            }
            lines.add(line(customId, request.get("params")));
        }
        var call = new BatchCall("POST " + PATH, ctx.header("x-api-key"));
        if (!runner.hook().arrived(call)) {
            throw new Refused(new AnthropicError(503, "api_error", "The request was lost on its way to the simulator (a test's hook);"
                    + " nothing was stored."));
        }
        var batch = runner.open("msgbatch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24), lines, WINDOW, false);
        synchronized (this) {
            batches.put(batch.id(), batch);
        }
        runner.hook().created(call, batch.id());
        json(ctx, MessageBatch.toJson(batch, baseUrl(ctx)));
    }

    private static BatchLine line(String customId, JsonNode params) {
        var parsed = MessagesRequest.parse(params.toString().getBytes(StandardCharsets.UTF_8));
        if (parsed.error() != null) {
            return BatchLine.refused(customId, parsed.error().status(), parsed.error().type(), parsed.error().message());
        }
        return BatchLine.served(customId, parsed.prompt(), parsed.format(), completion -> {
            try {
                return JSON.readTree(AnthropicWireFormat.body(parsed.prompt().model(), completion, parsed.forcedTool()));
            } catch (IOException e) {
                throw new IllegalStateException("the simulator wrote a message it cannot read back", e);
            }
        });
    }

    private void list(Context ctx) {
        List<SimulatedBatch> newestFirst;
        synchronized (this) {
            newestFirst = new ArrayList<>(batches.values()).reversed();
        }
        var limit = Math.clamp(ctx.queryParamAsClass("limit", Integer.class).getOrDefault(20), 1, 1000);
        var afterId = ctx.queryParam("after_id");
        var beforeId = ctx.queryParam("before_id");
        int from = 0, to = newestFirst.size();
        for (int i = 0; i < newestFirst.size(); i++) {
            if (newestFirst.get(i).id().equals(afterId)) {
                from = i + 1;
            }
            if (newestFirst.get(i).id().equals(beforeId)) {
                to = i;
            }
        }
        var page = newestFirst.subList(Math.min(from, to), Math.min(to, Math.min(from, to) + limit));
        var body = JSON.createObjectNode();
        var data = body.putArray("data");
        page.forEach(b -> data.add(MessageBatch.toJson(b, baseUrl(ctx))));
        body.put("has_more", Math.min(from, to) + page.size() < to);
        body.put("first_id", page.isEmpty() ? null : page.getFirst().id());
        body.put("last_id", page.isEmpty() ? null : page.getLast().id());
        json(ctx, body);
    }

    private synchronized SimulatedBatch batch(Context ctx) {
        var batch = batches.get(ctx.pathParam("id"));
        if (batch == null) {
            throw new Refused(new AnthropicError(404, "not_found_error", "No message batch with id " + ctx.pathParam("id")));
        }
        return batch;
    }

    /** Where the client reached the simulator: {@code results_url} is absolute, and the client fetches it as it is. */
    private static String baseUrl(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    private static void json(Context ctx, JsonNode body) {
        ctx.status(200).contentType("application/json").result(body.toString());
    }
}
