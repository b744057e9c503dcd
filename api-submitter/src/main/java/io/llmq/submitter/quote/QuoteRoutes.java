package io.llmq.submitter.quote;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.batch.CreateBatch;
import io.llmq.submitter.batch.InlineRequests;
import io.llmq.submitter.http.RequestBody;
import io.llmq.submitter.http.Routes;

/** {@code POST /v1/batches/quote}: a create's body in, a {@code batch.quote} out; nothing is stored or enqueued. */
public final class QuoteRoutes implements Routes {
    private final Quoter quoter;

    public QuoteRoutes(Quoter quoter) {
        this.quoter = quoter;
    }

    @Override
    public void register(Javalin app) {
        app.post("/v1/batches/quote", this::quote);
    }

    private void quote(Context ctx) throws Exception {
        var tenant = Authenticator.tenant(ctx);
        var raw = RequestBody.bytes(ctx, RequestBody.MAX_CREATE_BYTES);
        ctx.json(quoter.quote(tenant, CreateBatch.parse(InlineRequests.parse(raw, r -> r))));
    }
}
