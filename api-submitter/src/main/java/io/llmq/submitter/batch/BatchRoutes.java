package io.llmq.submitter.batch;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.RequestBody;
import io.llmq.submitter.http.Routes;
import io.llmq.submitter.idempotency.Idempotency;

/** OpenAI's Batch API: create (from a file or, as an llmq extension, inline requests), retrieve (optionally long-polling), list, cancel. */
public final class BatchRoutes implements Routes {
    private static final String CREATE_SCOPE = "POST /v1/batches";

    private final BatchService service;
    private final BatchStore batches;
    private final Idempotency idempotency;

    public BatchRoutes(BatchService service, BatchStore batches, Idempotency idempotency) {
        this.service = service;
        this.batches = batches;
        this.idempotency = idempotency;
    }

    @Override
    public void register(Javalin app) {
        app.post("/v1/batches", this::create);
        app.get("/v1/batches", this::list);
        app.get("/v1/batches/{id}", this::retrieve);
        app.post("/v1/batches/{id}/cancel", this::cancel);
    }

    private void create(Context ctx) throws Exception {
        var key = Idempotency.keyOf(ctx);
        var raw = RequestBody.bytes(ctx, RequestBody.MAX_CREATE_BYTES);
        var tenant = Authenticator.tenant(ctx);
        idempotency.run(tenant.id(), CREATE_SCOPE, key, Idempotency.sha256(raw), () -> {
            var request = CreateBatch.parse(InlineRequests.parse(raw, r -> r));
            return BatchJson.of(service.create(tenant, BatchRecord.OPENAI, request));
        }).writeTo(ctx);
    }

    private void retrieve(Context ctx) throws Exception {
        var tenantId = Authenticator.tenant(ctx).id();
        var id = Params.pathId(ctx, "batch");
        var wait = LongPoll.parse(ctx.queryParam("wait"));
        var batch = batches.find(tenantId, id, BatchRecord.OPENAI).orElseThrow(() -> ApiError.notFound("batch", id));
        ctx.json(BatchJson.of(LongPoll.await(batch, wait, () -> batches.find(tenantId, id, BatchRecord.OPENAI))));
    }

    private void list(Context ctx) throws Exception {
        var limit = Params.intQuery(ctx, "limit", 20, 1, 100);
        var page = batches.list(Authenticator.tenant(ctx).id(), BatchRecord.OPENAI, Params.idQuery(ctx, "after"), null, limit + 1);
        var body = Json.object();
        body.put("object", "list");
        var data = body.putArray("data");
        page.stream().limit(limit).forEach(b -> data.add(BatchJson.of(b)));
        body.put("first_id", data.isEmpty() ? null : data.get(0).path("id").asText());
        body.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).path("id").asText());
        body.put("has_more", page.size() > limit);
        ctx.json(body);
    }

    /**
     * Stops new provider calls for the batch's jobs: the answer comes once no worker can start one
     * any more ({@link CancelRequest}); calls already under way finish and are kept, jobs never
     * released end at once. The batch is {@code cancelling} until every job is terminal, then {@code cancelled}. Cancelling a cancelled batch is a no-op;
     * cancelling one that ended otherwise is a 409.
     */
    private void cancel(Context ctx) throws Exception {
        var tenantId = Authenticator.tenant(ctx).id();
        var id = Params.pathId(ctx, "batch");
        if (batches.find(tenantId, id, BatchRecord.OPENAI).isEmpty()) {
            throw ApiError.notFound("batch", id);
        }
        switch (CancelRequest.apply(batches, tenantId, id)) {
            case BatchStore.Transition.Moved(var batch) -> ctx.json(BatchJson.of(batch));
            case BatchStore.Transition.Refused(var batch) -> throw ApiError.conflict("Batch " + id + " is "
                    + batch.status().wireName() + " and can no longer be cancelled.");
            case BatchStore.Transition.Missing() -> throw ApiError.notFound("batch", id);
        }
    }
}
