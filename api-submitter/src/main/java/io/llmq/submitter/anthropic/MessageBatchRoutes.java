package io.llmq.submitter.anthropic;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.schema.Priority;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.ModelKind;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.batch.BatchRecord;
import io.llmq.submitter.batch.BatchService;
import io.llmq.submitter.batch.BatchStore;
import io.llmq.submitter.batch.CancelRequest;
import io.llmq.submitter.batch.CreateBatch;
import io.llmq.submitter.batch.InlineRequests;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Downloads;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.RequestBody;
import io.llmq.submitter.http.Routes;
import io.llmq.submitter.idempotency.Idempotency;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Anthropic's Message Batches API under {@code /v1/messages/batches}: create (inline requests,
 * translated to llmq's OpenAI-format jobs at submit time), retrieve, list, cancel, delete (ended
 * batches only) and results (JSONL, translated back to Anthropic's message shape). Authenticated
 * by {@code x-api-key}; {@code anthropic-version} is accepted and not interpreted.
 */
public final class MessageBatchRoutes implements Routes {
    private static final String CREATE_SCOPE = "POST /v1/messages/batches";
    /** Anthropic batches always have 24 hours. */
    static final Duration WINDOW = Duration.ofHours(24);

    private final BatchService service;
    private final BatchStore batches;
    private final Idempotency idempotency;
    private final Supplier<Catalogue> catalogue;
    private final MessageResults results;
    private final Supplier<String> publicUrl;

    public MessageBatchRoutes(BatchService service, BatchStore batches, Idempotency idempotency, Supplier<Catalogue> catalogue,
                              DataSource dataSource, Supplier<String> publicUrl) {
        this.service = service;
        this.batches = batches;
        this.idempotency = idempotency;
        this.catalogue = catalogue;
        this.results = new MessageResults(dataSource);
        this.publicUrl = publicUrl;
    }

    @Override
    public void register(Javalin app) {
        app.post("/v1/messages/batches", this::create);
        app.get("/v1/messages/batches", this::list);
        app.get("/v1/messages/batches/{id}", this::retrieve);
        app.delete("/v1/messages/batches/{id}", this::delete);
        app.post("/v1/messages/batches/{id}/cancel", this::cancel);
        app.get("/v1/messages/batches/{id}/results", this::results);
    }

    private void create(Context ctx) throws Exception {
        var key = Idempotency.keyOf(ctx);
        var raw = RequestBody.bytes(ctx, RequestBody.MAX_CREATE_BYTES);
        var tenant = Authenticator.tenant(ctx);
        idempotency.run(tenant.id(), CREATE_SCOPE, key, Idempotency.sha256(raw), () -> {
            var translator = new MessageRequests(catalogue.get());
            var body = InlineRequests.parse(raw, translator::translate);
            for (var name : (Iterable<String>) body.fields()::fieldNames) {
                if (!name.equals("requests")) {
                    throw ApiError.invalid(name, MessageParams.shorten(name) + ": unknown field (a Message Batch create has only requests).");
                }
            }
            if (body.jsonl() == null || body.requests() == 0) {
                throw ApiError.invalid("requests", "requests: field required (a non-empty array of {custom_id, params}).");
            }
            translator.requireValid();
            var request = new CreateBatch(null, body.jsonl(), ModelKind.CHAT.endpoint(), "24h", WINDOW, null, Priority.NORMAL, null);
            return MessageBatchJson.of(service.create(tenant, BatchRecord.ANTHROPIC, request), publicUrl.get());
        }).writeTo(ctx);
    }

    private void retrieve(Context ctx) throws Exception {
        ctx.json(MessageBatchJson.of(find(ctx), publicUrl.get()));
    }

    /** Newest first; {@code after_id} pages to older batches, {@code before_id} to newer ones. */
    private void list(Context ctx) throws Exception {
        var limit = Params.intQuery(ctx, "limit", 20, 1, 1000);
        var after = Params.idQuery(ctx, "after_id");
        var before = Params.idQuery(ctx, "before_id");
        if (after != null && before != null) {
            throw ApiError.invalid("before_id", "Give before_id or after_id, not both.");
        }
        var page = batches.list(Authenticator.tenant(ctx).id(), BatchRecord.ANTHROPIC, after, before, limit + 1);
        var hasMore = page.size() > limit;
        // with before_id the extra row read is the newest one, at the front; otherwise the oldest, at the end
        var shown = !hasMore ? page : before != null ? page.subList(1, page.size()) : page.subList(0, limit);
        var body = Json.object();
        var data = body.putArray("data");
        shown.forEach(b -> data.add(MessageBatchJson.of(b, publicUrl.get())));
        body.put("has_more", hasMore);
        body.put("first_id", shown.isEmpty() ? null : shown.get(0).id());
        body.put("last_id", shown.isEmpty() ? null : shown.get(shown.size() - 1).id());
        ctx.json(body);
    }

    private void cancel(Context ctx) throws Exception {
        var batch = find(ctx);
        switch (CancelRequest.apply(batches, batch.tenantId(), batch.id())) {
            case BatchStore.Transition.Moved(var moved) -> ctx.json(MessageBatchJson.of(moved, publicUrl.get()));
            case BatchStore.Transition.Refused(var ended) -> throw ApiError.conflict("Message Batch " + ended.id()
                    + " has already ended and cannot be canceled.");
            case BatchStore.Transition.Missing() -> throw ApiError.notFound("message batch", batch.id());
        }
    }

    private void delete(Context ctx) throws Exception {
        var batch = find(ctx);
        if (!batch.status().isTerminal()) {
            throw ApiError.conflict("Message Batch " + batch.id() + " is still processing; cancel it and delete it once it has ended.");
        }
        if (!batches.delete(batch.tenantId(), batch.id(), BatchRecord.ANTHROPIC)) {
            throw ApiError.notFound("message batch", batch.id());
        }
        ctx.json(Json.object().put("id", batch.id()).put("type", "message_batch_deleted"));
    }

    private void results(Context ctx) throws Exception {
        var batch = find(ctx);
        if (!batch.status().isTerminal()) {
            throw ApiError.conflict("Message Batch " + batch.id() + " has not ended yet; its results are available once processing_status is 'ended'.");
        }
        Downloads.attachment(ctx, "application/x-jsonl", batch.id() + "_results.jsonl");
        results.write(batch.id(), ctx.outputStream());
    }

    private BatchRecord find(Context ctx) throws Exception {
        var id = Params.pathId(ctx, "message batch");
        return batches.find(Authenticator.tenant(ctx).id(), id, BatchRecord.ANTHROPIC)
                .orElseThrow(() -> ApiError.notFound("message batch", id));
    }
}
