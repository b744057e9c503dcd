package io.llmq.submitter.results;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.batch.BatchStore;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.Routes;

/** {@code GET /v1/batches/{id}/results}: llmq's paged JSON view of a batch's results (either dialect). */
public final class ResultRoutes implements Routes {
    private final BatchStore batches;
    private final ResultPages pages;

    public ResultRoutes(BatchStore batches, ResultPages pages) {
        this.batches = batches;
        this.pages = pages;
    }

    @Override
    public void register(Javalin app) {
        app.get("/v1/batches/{id}/results", this::page);
    }

    private void page(Context ctx) throws Exception {
        var id = Params.pathId(ctx, "batch");
        var limit = Params.intQuery(ctx, "limit", 100, 1, 1000);
        var after = Params.intQuery(ctx, "after", 0, 0, Integer.MAX_VALUE);
        var batch = batches.find(Authenticator.tenant(ctx).id(), id, null).orElseThrow(() -> ApiError.notFound("batch", id));
        var data = pages.page(batch.id(), after, limit + 1);
        var hasMore = data.size() > limit;
        if (hasMore) {
            data.remove(limit);
        }
        var body = Json.object();
        body.put("object", "list");
        body.put("batch_id", batch.id());
        body.put("batch_status", batch.status().wireName());
        body.set("data", data);
        body.put("has_more", hasMore);
        if (data.isEmpty()) {
            body.putNull("next_after");
        } else {
            body.put("next_after", data.get(data.size() - 1).path("line").asInt());
        }
        ctx.json(body);
    }
}
