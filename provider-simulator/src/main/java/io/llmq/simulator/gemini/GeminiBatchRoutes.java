package io.llmq.simulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.simulator.batch.BatchLine;
import io.llmq.simulator.batch.BatchRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gemini's batch mode with inlined requests: {@code POST /v1beta/models/<model>:batchGenerateContent}
 * ({@code batch.display_name}, {@code batch.input_config.requests.requests[{request, metadata}]}, snake
 * or camel case as proto JSON allows), {@code GET /v1beta/batches} (newest first, {@code pageSize},
 * {@code pageToken}), {@code GET /v1beta/batches/<id>} and {@code POST /v1beta/batches/<id>:cancel}.
 */
final class GeminiBatchRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Gemini ends a batch pending or running for 48 hours as expired. */
    private static final Duration WINDOW = Duration.ofHours(48);

    private final Map<String, GeminiBatch.Held> batches = new LinkedHashMap<>();
    private final BatchRunner runner;

    GeminiBatchRoutes(BatchRunner runner) {
        this.runner = runner;
    }

    /** @param error answers a refusal in Gemini's shape (status, code, message) */
    interface Errors {
        void answer(Context ctx, int status, String code, String message);
    }

    void bindTo(Javalin app, Errors errors) {
        app.get("/v1beta/batches", ctx -> list(ctx));
        app.get("/v1beta/batches/{id}", ctx -> {
            var held = held("batches/" + ctx.pathParam("id"));
            if (held == null) {
                errors.answer(ctx, 404, "NOT_FOUND", "Batch batches/" + ctx.pathParam("id") + " not found.");
            } else {
                json(ctx, GeminiBatch.operation(held));
            }
        });
        app.post("/v1beta/batches/{call}", ctx -> {
            var call = ctx.pathParam("call");
            var held = call.endsWith(":cancel") ? held("batches/" + call.substring(0, call.length() - ":cancel".length())) : null;
            if (held == null) {
                errors.answer(ctx, 404, "NOT_FOUND", "Batch or method not found: " + call);
                return;
            }
            held.batch().cancel(runner.now());
            json(ctx, JSON.createObjectNode());
        });
    }

    /** {@code POST .../models/<model>:batchGenerateContent}; the key was checked by the caller. */
    void create(Context ctx, String model, Errors errors) {
        JsonNode root;
        try {
            root = JSON.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            errors.answer(ctx, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
            return;
        }
        var batch = root == null ? JSON.missingNode() : root.path("batch");
        var requests = either(either(batch, "input_config", "inputConfig").path("requests"), "requests", "requests");
        if (!requests.isArray() || requests.isEmpty()) {
            errors.answer(ctx, 400, "INVALID_ARGUMENT", "* batch.input_config.requests.requests: at least one request is required");
            return;
        }
        var lines = new ArrayList<BatchLine>();
        var keys = new ArrayList<String>();
        for (int i = 0; i < requests.size(); i++) {
            var key = requests.get(i).path("metadata").path("key").asText(Integer.toString(i));
            keys.add(key);
            lines.add(line(key, model, requests.get(i).path("request")));
        }
        var display = either(batch, "display_name", "displayName").asText("");
        // the operation's name is the batch's id, so the bill names the batch as clients do
        var simulated = runner.open("batches/" + UUID.randomUUID().toString().replace("-", "").substring(0, 20), lines, WINDOW, false);
        var held = new GeminiBatch.Held(simulated, model, display, List.copyOf(keys));
        synchronized (this) {
            batches.put(simulated.id(), held);
        }
        json(ctx, GeminiBatch.operation(held));
    }

    private static BatchLine line(String key, String model, JsonNode request) {
        var parsed = GenerateContentRequest.parse(model, request.toString().getBytes(StandardCharsets.UTF_8));
        if (parsed.error() != null) {
            return BatchLine.refused(key, 400, "INVALID_ARGUMENT", parsed.error());
        }
        return BatchLine.served(key, parsed.prompt(), parsed.format(), completion -> {
            try {
                return JSON.readTree(GeminiWireFormat.body(model, completion));
            } catch (IOException e) {
                throw new IllegalStateException("the simulator wrote an answer it cannot read back", e);
            }
        });
    }

    private void list(Context ctx) {
        List<GeminiBatch.Held> newestFirst;
        synchronized (this) {
            newestFirst = new ArrayList<>(batches.values()).reversed();
        }
        var size = Math.clamp(ctx.queryParamAsClass("pageSize", Integer.class).getOrDefault(50), 1, 1000);
        var from = Math.clamp(ctx.queryParamAsClass("pageToken", Integer.class).getOrDefault(0), 0, newestFirst.size());
        var to = Math.min(newestFirst.size(), from + size);
        var body = JSON.createObjectNode();
        var operations = body.putArray("operations");
        newestFirst.subList(from, to).forEach(held -> operations.add(GeminiBatch.operation(held)));
        if (to < newestFirst.size()) {
            body.put("nextPageToken", Integer.toString(to));
        }
        json(ctx, body);
    }

    private synchronized GeminiBatch.Held held(String id) {
        return batches.get(id);
    }

    private static JsonNode either(JsonNode node, String snake, String camel) {
        return node.has(snake) ? node.get(snake) : node.path(camel);
    }

    private static void json(Context ctx, JsonNode body) {
        ctx.status(200).contentType("application/json").result(body.toString());
    }
}
