package io.llmq.submitter.budget;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Decimals;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.RequestIds;
import io.llmq.submitter.http.Routes;

import java.util.List;

/**
 * Budgets: a tenant reads its own ({@code GET /v1/budgets}); an admin sets, raises and removes
 * them ({@code /admin/tenants/{id}/budgets/{day|month}}) and opts a tenant in or out of the
 * response cache ({@code PUT /admin/tenants/{id}/response-cache}).
 */
public final class BudgetRoutes implements Routes {
    private static final int USD_SCALE = 10;

    private final BudgetStore store;

    public BudgetRoutes(BudgetStore store) {
        this.store = store;
    }

    @Override
    public void register(Javalin app) {
        app.get("/v1/budgets", ctx -> ctx.json(list(Authenticator.tenant(ctx).id(), store.list(Authenticator.tenant(ctx).id()))));
        app.get("/admin/tenants/{id}/budgets", ctx -> {
            var tenantId = Params.pathId(ctx, "tenant");
            ctx.json(list(tenantId, store.list(tenantId)));
        });
        app.put("/admin/tenants/{id}/budgets/{period}", this::set);
        app.delete("/admin/tenants/{id}/budgets/{period}", this::remove);
        app.put("/admin/tenants/{id}/response-cache", this::responseCache);
    }

    private void set(Context ctx) throws Exception {
        var tenantId = Params.pathId(ctx, "tenant");
        var period = period(ctx);
        var body = Params.jsonBody(ctx);
        var hard = Decimals.nonNegative(body, "hard_usd", USD_SCALE);
        var soft = Decimals.nonNegative(body, "soft_usd", USD_SCALE);
        if (hard == null && soft == null) {
            throw ApiError.invalid("hard_usd", "Give 'hard_usd', 'soft_usd' or both (US dollars per " + period
                    + "); DELETE the budget to remove it.");
        }
        var view = store.set(tenantId, period, hard, soft, RequestIds.remoteAddress(ctx))
                .orElseThrow(() -> ApiError.notFound("tenant", tenantId));
        ctx.json(BudgetStore.json(view));
    }

    private void remove(Context ctx) throws Exception {
        var tenantId = Params.pathId(ctx, "tenant");
        var period = period(ctx);
        if (!store.remove(tenantId, period, RequestIds.remoteAddress(ctx))) {
            throw ApiError.notFound("budget", tenantId + "/" + period);
        }
        ctx.json(Json.object().put("object", "budget.deleted").put("tenant_id", tenantId).put("period", period).put("deleted", true));
    }

    private void responseCache(Context ctx) throws Exception {
        var tenantId = Params.pathId(ctx, "tenant");
        var enabled = Params.jsonBody(ctx).get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw ApiError.invalid("enabled", "'enabled' must be true or false.");
        }
        if (!store.setResponseCache(tenantId, enabled.asBoolean(), RequestIds.remoteAddress(ctx))) {
            throw ApiError.notFound("tenant", tenantId);
        }
        ctx.json(Json.object().put("object", "tenant.response_cache").put("tenant_id", tenantId).put("enabled", enabled.asBoolean()));
    }

    private static String period(Context ctx) {
        var period = ctx.pathParam("period");
        if (!BudgetStore.PERIODS.contains(period)) {
            throw ApiError.invalid("period", "The budget period must be 'day' or 'month'.");
        }
        return period;
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode list(String tenantId, List<BudgetStore.View> views) {
        var body = Json.object().put("object", "list").put("tenant_id", tenantId);
        var data = body.putArray("data");
        views.forEach(v -> data.add(BudgetStore.json(v)));
        return body;
    }
}
