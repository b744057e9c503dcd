package io.llmq.submitter.webhook;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.RequestIds;
import io.llmq.submitter.http.Routes;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Webhook endpoints, each the tenant's own (docs/api.md, "Webhooks"): register, list, read,
 * delete, rotate the signing secret, switch back on after an automatic disable, and read the
 * delivery log. The deliveries themselves are the workers'.
 */
public final class WebhookRoutes implements Routes {
    static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    static final Duration MAX_GRACE = Duration.ofDays(7);
    private static final String ENDPOINT = "webhook endpoint";

    private final EndpointStore endpoints;
    private final DeliveryLog deliveries;
    private final boolean allowPrivate;

    /** @param allowPrivate {@code LLMQ_WEBHOOK_ALLOW_PRIVATE}: register URLs on private addresses too */
    public WebhookRoutes(DataSource dataSource, boolean allowPrivate) {
        this.endpoints = new EndpointStore(dataSource);
        this.deliveries = new DeliveryLog(dataSource);
        this.allowPrivate = allowPrivate;
    }

    @Override
    public void register(Javalin app) {
        app.post("/v1/webhook_endpoints", this::create);
        app.get("/v1/webhook_endpoints", this::list);
        app.get("/v1/webhook_endpoints/{id}", ctx -> ctx.json(WebhookJson.of(found(ctx))));
        app.delete("/v1/webhook_endpoints/{id}", this::delete);
        app.post("/v1/webhook_endpoints/{id}/rotate_secret", this::rotate);
        app.post("/v1/webhook_endpoints/{id}/enable", this::enable);
        app.get("/v1/webhook_endpoints/{id}/deliveries", this::deliveries);
    }

    private void create(Context ctx) throws Exception {
        var request = NewEndpoint.parse(Params.jsonBody(ctx), allowPrivate);
        var created = endpoints.create(tenantId(ctx), request, RequestIds.remoteAddress(ctx))
                .orElseThrow(() -> ApiError.conflict("This tenant already has " + EndpointStore.MAX_PER_TENANT
                        + " webhook endpoints, the most allowed; delete one first."));
        ctx.status(201).json(WebhookJson.of(created));
    }

    private void list(Context ctx) throws Exception {
        // at most MAX_PER_TENANT: one page holds them all
        ctx.json(WebhookJson.list(endpoints.list(tenantId(ctx)).stream().map(WebhookJson::of).toList(), false));
    }

    private void delete(Context ctx) throws Exception {
        var id = Params.pathId(ctx, ENDPOINT);
        if (!endpoints.delete(tenantId(ctx), id, RequestIds.remoteAddress(ctx))) {
            throw ApiError.notFound(ENDPOINT, id);
        }
        ctx.json(WebhookJson.deleted(id));
    }

    private void rotate(Context ctx) throws Exception {
        var id = Params.pathId(ctx, ENDPOINT);
        var grace = grace(Params.optionalJsonBody(ctx).get("grace_period_seconds"));
        var rotated = endpoints.rotate(tenantId(ctx), id, grace, RequestIds.remoteAddress(ctx))
                .orElseThrow(() -> ApiError.notFound(ENDPOINT, id));
        ctx.json(WebhookJson.of(rotated));
    }

    private void enable(Context ctx) throws Exception {
        var endpoint = found(ctx);
        // the name may point elsewhere since it was registered
        var problem = EndpointUrl.problem(endpoint.url(), allowPrivate);
        if (problem != null) {
            throw ApiError.invalid("url", "The endpoint's 'url' " + problem + " Register a new endpoint instead.");
        }
        ctx.json(WebhookJson.of(endpoints.enable(tenantId(ctx), endpoint.id(), RequestIds.remoteAddress(ctx))
                .orElseThrow(() -> ApiError.notFound(ENDPOINT, endpoint.id()))));
    }

    private void deliveries(Context ctx) throws Exception {
        var endpoint = found(ctx);
        var limit = Params.intQuery(ctx, "limit", 20, 1, 100);
        var page = deliveries.page(endpoint.id(), Params.idQuery(ctx, "after"), limit + 1);
        ctx.json(WebhookJson.list(page.stream().limit(limit).toList(), page.size() > limit));
    }

    private Endpoint found(Context ctx) throws Exception {
        var id = Params.pathId(ctx, ENDPOINT);
        return endpoints.find(tenantId(ctx), id).orElseThrow(() -> ApiError.notFound(ENDPOINT, id));
    }

    private static Duration grace(com.fasterxml.jackson.databind.JsonNode value) {
        if (value == null || value.isNull()) {
            return DEFAULT_GRACE;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > MAX_GRACE.toSeconds()) {
            throw ApiError.invalid("grace_period_seconds", "'grace_period_seconds' must be a whole number of seconds from 0 to "
                    + MAX_GRACE.toSeconds() + " (how long the old secret keeps signing beside the new one).");
        }
        return Duration.ofSeconds(value.asLong());
    }

    private static String tenantId(Context ctx) {
        return Authenticator.tenant(ctx).id();
    }
}
