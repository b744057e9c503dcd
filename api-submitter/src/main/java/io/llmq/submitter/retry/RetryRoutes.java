package io.llmq.submitter.retry;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.batch.BatchJson;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.RequestBody;
import io.llmq.submitter.http.Routes;
import io.llmq.submitter.idempotency.Idempotency;

/**
 * {@code POST /v1/batches/{id}/retry}: a new batch of the failed and expired lines of an ended
 * batch, answered with the new batch's object (the same one on every later retry of that batch).
 * {@code Idempotency-Key} is honoured as on creates.
 */
public final class RetryRoutes implements Routes {
    private static final String SCOPE = "POST /v1/batches/{id}/retry";

    private final RetryService retries;
    private final Idempotency idempotency;

    public RetryRoutes(RetryService retries, Idempotency idempotency) {
        this.retries = retries;
        this.idempotency = idempotency;
    }

    @Override
    public void register(Javalin app) {
        app.post("/v1/batches/{id}/retry", this::retry);
    }

    private void retry(Context ctx) throws Exception {
        var tenant = Authenticator.tenant(ctx);
        var id = Params.pathId(ctx, "batch");
        var key = Idempotency.keyOf(ctx);
        var raw = RequestBody.bytes(ctx, RequestBody.MAX_SMALL_JSON_BYTES);
        var overrides = RetryRequest.parse(Params.optionalJsonObject(raw));
        // the key's scope is per endpoint: the batch retried is part of what the key stands for
        var hash = Idempotency.digest();
        hash.update(Idempotency.utf8(id + "\n"));
        idempotency.run(tenant.id(), SCOPE, key, hash.digest(raw), () -> BatchJson.of(retries.retry(tenant, id, overrides)))
                .writeTo(ctx);
    }
}
