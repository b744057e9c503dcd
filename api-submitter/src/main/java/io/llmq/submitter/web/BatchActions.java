package io.llmq.submitter.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.llmq.submitter.auth.Tenant;
import io.llmq.submitter.batch.BatchRecord;
import io.llmq.submitter.batch.BatchStore;
import io.llmq.submitter.batch.CancelRequest;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.RequestBody;
import io.llmq.submitter.http.RequestIds;
import io.llmq.submitter.retry.RetryService;

import java.util.Optional;

/**
 * Cancel and retry from the console, each behind a confirmation page (a {@code GET}, so a link or
 * a reload never acts). The {@code POST} runs what the API runs: {@link CancelRequest} (answered
 * once no worker starts a call any more) and {@link RetryService} (one child per parent, so a
 * double submit gives the same child); a refusal is the API's code and message on a page.
 */
final class BatchActions {
    private final ConsoleSession session;
    private final BatchStore batches;
    private final RetryService retries;

    BatchActions(ConsoleSession session, BatchStore batches, RetryService retries) {
        this.session = session;
        this.batches = batches;
        this.retries = retries;
    }

    void register(Javalin app) {
        app.get("/ui/batches/{id}/cancel", ctx -> confirm(ctx, "cancel"));
        app.get("/ui/batches/{id}/retry", ctx -> confirm(ctx, "retry"));
        app.post("/ui/batches/{id}/cancel", this::cancel);
        app.post("/ui/batches/{id}/retry", this::retry);
    }

    private void confirm(Context ctx, String action) throws Exception {
        var tenant = session.pageOrLogin(ctx);
        if (tenant.isEmpty()) {
            return;
        }
        var found = OwnBatch.find(ctx, batches, tenant.get().id());
        if (found.isEmpty()) {
            return;
        }
        var b = found.get();
        var what = action.equals("cancel")
                ? "No new provider call starts for its jobs; calls under way finish and are kept (and billed); jobs not yet started end as cancelled."
                : "A new batch is made of its %d failed and %d expired requests, with the same bodies, custom_ids, window, priority and metadata."
                .formatted(b.failed(), b.expired());
        var id = Html.escape(b.id());
        Html.page(ctx, 200, action + " " + b.id(), b.tenantId(), """
                <h1>%s batch <code>%s</code>?</h1>
                <p>It is <strong>%s</strong>, %d of %d requests done. %s</p>
                <form method="post" action="/ui/batches/%s/%s" class="confirm">%s
                <button type="submit" id="confirm" class="danger">Yes, %s</button> <a href="/ui/batches/%s" id="back">No, back to the batch</a></form>
                """.formatted(action.equals("cancel") ? "Cancel" : "Retry the failed requests of", id, Html.escape(b.status().wireName()),
                b.done(), b.total(), what, id, action, ConsoleSession.field(ctx), action.equals("cancel") ? "cancel it" : "retry them", id));
    }

    /** Who acts on which of their batches. */
    private record Acting(Tenant tenant, BatchRecord batch) {
    }

    private Optional<Acting> actionBatch(Context ctx) throws Exception {
        var token = RequestBody.formField(ctx, ConsoleSession.FORM_FIELD, RequestBody.MAX_FORM_BYTES);
        Optional<Tenant> tenant = session.action(ctx, token);
        if (tenant.isEmpty()) {
            Html.page(ctx, 403, "Refused", null, """
                    <h1>Refused</h1><p class="error" data-code="SESSION_REQUIRED">This action needs a live session and a form of
                    its page. <a href="/ui">Log in</a> and try again from the batch's page.</p>""");
            return Optional.empty();
        }
        return OwnBatch.find(ctx, batches, tenant.get().id()).map(b -> new Acting(tenant.get(), b));
    }

    private void cancel(Context ctx) throws Exception {
        var found = actionBatch(ctx);
        if (found.isEmpty()) {
            return;
        }
        var b = found.get().batch();
        switch (CancelRequest.apply(batches, b.tenantId(), b.id())) {
            case BatchStore.Transition.Moved(var moved) -> ctx.redirect("/ui/batches/" + moved.id() + "?notice=cancelled", HttpStatus.SEE_OTHER);
            case BatchStore.Transition.Refused(var ended) -> refused(ctx, b, ApiError.conflict("BATCH_ENDED",
                    "Batch " + b.id() + " is " + ended.status().wireName() + " and can no longer be cancelled."));
            case BatchStore.Transition.Missing() -> OwnBatch.find(ctx, batches, b.tenantId());
        }
    }

    private void retry(Context ctx) throws Exception {
        var found = actionBatch(ctx);
        if (found.isEmpty()) {
            return;
        }
        var b = found.get().batch();
        if (!BatchRecord.OPENAI.equals(b.dialect())) {
            refused(ctx, b, ApiError.conflict("RETRY_NOT_SUPPORTED", "Batch " + b.id()
                    + " is a Message Batch; retry makes OpenAI batches only (POST /v1/batches/{id}/retry)."));
            return;
        }
        try {
            var child = retries.retry(found.get().tenant(), b.id());
            ctx.redirect("/ui/batches/" + child.id() + "?notice=retry_of_" + b.id(), HttpStatus.SEE_OTHER);
        } catch (ApiError e) {
            refused(ctx, b, e);
        }
    }

    private static void refused(Context ctx, BatchRecord b, ApiError e) {
        Html.page(ctx, e.status(), "Refused", b.tenantId(), """
                <h1>Not done</h1><p class="error" role="alert" data-code="%s">%s</p>
                <p class="hint">code <code>%s</code> · request id <code>%s</code></p><p><a href="/ui/batches/%s">Back to the batch</a></p>
                """.formatted(Html.escape(e.code()), Html.escape(e.getMessage()), Html.escape(e.code()),
                Html.escape(RequestIds.of(ctx)), Html.escape(b.id())));
    }
}
