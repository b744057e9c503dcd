package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.simulator.batch.BatchCall;
import io.llmq.simulator.batch.BatchRunner;
import io.llmq.simulator.batch.Phase;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OpenAI's Batch API: {@code POST /v1/batches} ({@code input_file_id}, {@code endpoint},
 * {@code completion_window}, {@code metadata}), {@code GET /v1/batches} (newest first, {@code limit},
 * {@code after}), {@code GET /v1/batches/{id}} and {@code POST /v1/batches/{id}/cancel}. The lines
 * are answered by the shared {@link BatchRunner}.
 */
final class BatchesRoutes {
    /**
     * OpenAI takes {@code 24h} only; the simulator also takes a shorter {@code <n>s|m|h}, so a test can
     * let a batch expire.
     */
    private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,5})([smh])");
    private static final int MAX_METADATA_PAIRS = 16;

    private final Map<String, OpenAiBatch> batches = new LinkedHashMap<>();
    private final FileStore files;
    private final BatchRunner runner;
    private final Replies replies;
    private final Clock clock;

    BatchesRoutes(FileStore files, BatchRunner runner, Replies replies, Clock clock) {
        this.files = files;
        this.runner = runner;
        this.replies = replies;
        this.clock = clock;
    }

    void bindTo(Javalin app) {
        app.post("/v1/batches", replies.guarded(this::create));
        app.get("/v1/batches", replies.guarded(ctx -> {
            var newestFirst = new ArrayList<>(all()).reversed();
            Replies.json(ctx, Replies.page(ctx, newestFirst, OpenAiBatch::id, b -> b.toJson(files), 20, 100));
        }));
        app.get("/v1/batches/{id}", replies.guarded(ctx -> Replies.json(ctx, batch(ctx).toJson(files))));
        app.post("/v1/batches/{id}/cancel", replies.guarded(ctx -> {
            var batch = batch(ctx);
            var phase = batch.simulated().phase();
            if (phase.ended() && phase != Phase.CANCELLED) {
                throw new Refusal(new OpenAiError(409, "Cannot cancel a batch with status '" + phase.name().toLowerCase(Locale.ROOT)
                        + "'.", OpenAiError.INVALID_REQUEST, null, null));
            }
            batch.simulated().cancel(clock.instant());
            Replies.json(ctx, batch.toJson(files));
        }));
    }

    private synchronized List<OpenAiBatch> all() {
        return new ArrayList<>(batches.values());
    }

    private synchronized OpenAiBatch batch(Context ctx) {
        var id = ctx.pathParam("id");
        var batch = batches.get(id);
        if (batch == null) {
            throw new Refusal(Replies.notFound("batch", id));
        }
        return batch;
    }

    private void create(Context ctx) {
        var request = OpenAiJson.object(ctx.bodyAsBytes());
        var fileId = required(request, "input_file_id");
        var endpoint = required(request, "endpoint");
        var window = required(request, "completion_window");
        if (!BatchInput.ENDPOINTS.containsKey(endpoint)) {
            throw new Refusal(OpenAiError.badRequest("Invalid 'endpoint': the simulator runs batches of "
                    + BatchInput.ENDPOINTS.keySet() + ", got '" + endpoint + "'.", "endpoint", "invalid_value"));
        }
        var windowLength = window(window);
        var metadata = metadata(request.get("metadata"));
        var file = files.get(fileId).orElseThrow(() -> new Refusal(Replies.notFound("File object", fileId)));
        if (!"batch".equals(file.purpose())) {
            throw new Refusal(OpenAiError.badRequest("The input file must be uploaded with purpose 'batch', got '" + file.purpose()
                    + "'.", "input_file_id", "invalid_value"));
        }
        var input = BatchInput.read(file.content(), endpoint, clock);
        var call = new BatchCall("POST /v1/batches", BatchCall.bearer(ctx.header("Authorization")));
        if (!runner.hook().arrived(call)) {
            throw new Refusal(OpenAiError.lost());
        }
        var simulated = runner.open(Ids.batchId(), input.lines(), windowLength, !input.errors().isEmpty());
        var batch = new OpenAiBatch(simulated, endpoint, fileId, window, metadata, input);
        synchronized (this) {
            batches.put(batch.id(), batch);
        }
        runner.hook().created(call, batch.id());
        Replies.json(ctx, batch.toJson(files));
    }

    private static String required(JsonNode request, String field) {
        var value = request.get(field);
        if (value == null || value.isNull()) {
            throw new Refusal(OpenAiError.badRequest("Missing required parameter: '" + field + "'.", field, "missing_required_parameter"));
        }
        if (!value.isTextual()) {
            throw new Refusal(OpenAiError.invalidType(field, "a string", OpenAiJson.describe(value)));
        }
        return value.textValue();
    }

    private static Duration window(String window) {
        var m = WINDOW.matcher(window);
        if (!m.matches()) {
            throw new Refusal(OpenAiError.badRequest("Invalid 'completion_window': expected '24h', got '" + window + "'.",
                    "completion_window", "invalid_value"));
        }
        var n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** Up to 16 string pairs, keys up to 64 characters, values up to 512, as OpenAI's metadata. */
    private static JsonNode metadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return OpenAiJson.MAPPER.nullNode();
        }
        if (!metadata.isObject() || metadata.size() > MAX_METADATA_PAIRS) {
            throw new Refusal(OpenAiError.badRequest("Invalid 'metadata': an object of at most 16 string pairs.", "metadata", "invalid_value"));
        }
        for (var field : metadata.properties()) {
            if (field.getKey().length() > 64 || !field.getValue().isTextual() || field.getValue().textValue().length() > 512) {
                throw new Refusal(OpenAiError.badRequest("Invalid 'metadata." + field.getKey() + "': keys up to 64 characters, string"
                        + " values up to 512.", "metadata", "invalid_value"));
            }
        }
        return metadata;
    }
}
