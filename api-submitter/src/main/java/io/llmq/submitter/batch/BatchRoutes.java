package io.llmq.submitter.batch;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Routes;

/** OpenAI's Batch API: create a batch from an uploaded file, retrieve it. */
public final class BatchRoutes implements Routes {
    private final BatchService service;
    private final BatchStore batches;

    public BatchRoutes(BatchService service, BatchStore batches) {
        this.service = service;
        this.batches = batches;
    }

    @Override
    public void register(Javalin app) {
        app.post("/v1/batches", this::create);
        app.get("/v1/batches/{id}", this::retrieve);
    }

    private void create(Context ctx) throws Exception {
        var request = CreateBatch.parse(Json.MAPPER.readTree(ctx.bodyInputStream()));
        var batch = service.create(Authenticator.tenant(ctx), request);
        ctx.json(BatchJson.of(batch));
    }

    private void retrieve(Context ctx) throws Exception {
        var id = ctx.pathParam("id");
        var batch = batches.find(Authenticator.tenant(ctx).id(), id).orElseThrow(() -> ApiError.notFound("batch", id));
        ctx.json(BatchJson.of(batch));
    }
}
