package io.llmq.submitter.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.schema.route.RouteDefaults;
import io.llmq.submitter.admit.Limits;
import io.llmq.submitter.audit.AuditLog;
import io.llmq.submitter.auth.AdminAuthenticator;
import io.llmq.submitter.auth.ApiKeyStore;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.RequestIds;
import io.llmq.submitter.http.Routes;
import io.llmq.submitter.tenant.TenantStore;

import java.util.regex.Pattern;

/**
 * The admin API under {@code /admin}, guarded by {@code LLMQ_ADMIN_KEY}: tenants, their API keys
 * (a key is shown once, when issued) and the audit log. Every change is audited.
 */
public final class AdminRoutes implements Routes {
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_NAME = 200;

    private final AdminAuthenticator admins;
    private final TenantStore tenants;
    private final ApiKeyStore keys;
    private final AuditLog audit;
    private final Limits defaults;
    private final RouteDefaults routes;

    public AdminRoutes(AdminAuthenticator admins, TenantStore tenants, ApiKeyStore keys, AuditLog audit, Limits defaults,
                       RouteDefaults routes) {
        this.admins = admins;
        this.tenants = tenants;
        this.keys = keys;
        this.audit = audit;
        this.defaults = defaults;
        this.routes = routes;
    }

    @Override
    public void register(Javalin app) {
        app.before("/admin/*", admins::authenticate);
        app.before("/admin", admins::authenticate);
        app.post("/admin/tenants", this::createTenant);
        app.get("/admin/tenants", this::listTenants);
        app.get("/admin/tenants/{id}", this::tenant);
        app.patch("/admin/tenants/{id}", this::updateTenant);
        app.post("/admin/tenants/{id}/keys", this::issueKey);
        app.get("/admin/tenants/{id}/keys", this::listKeys);
        app.post("/admin/keys/{id}/revoke", this::revokeKey);
        app.delete("/admin/keys/{id}", this::revokeKey);
        app.get("/admin/audit", this::auditLog);
    }

    private void createTenant(Context ctx) throws Exception {
        var body = Params.jsonBody(ctx);
        var name = text(body, "name", true);
        var id = text(body, "id", false);
        if (id == null) {
            id = Ids.tenant();
        } else if (!TENANT_ID.matcher(id).matches()) {
            throw ApiError.invalid("id", "id must be 1 to 64 letters, digits, '_' or '-'.");
        }
        var tenant = tenants.create(id, name, limit(body, "max_pending_jobs"), limit(body, "max_pending_tokens"),
                RouteFields.parse(body), RequestIds.remoteAddress(ctx));
        ctx.status(201).json(AdminJson.tenant(tenant, defaults, routes));
    }

    private void listTenants(Context ctx) throws Exception {
        var list = Json.object().put("object", "list");
        var data = list.putArray("data");
        for (var tenant : tenants.list()) {
            data.add(AdminJson.tenant(tenant, defaults, routes));
        }
        ctx.json(list);
    }

    private void tenant(Context ctx) throws Exception {
        var id = Params.pathId(ctx, "tenant");
        ctx.json(AdminJson.tenant(tenants.find(id).orElseThrow(() -> ApiError.notFound("tenant", id)), defaults, routes));
    }

    /**
     * {@code {"max_pending_jobs": 5000}} sets an override, {@code {"default_route": {"low": "auto"}}} a
     * class's default route; {@code null} puts the default back; absent leaves it.
     */
    private void updateTenant(Context ctx) throws Exception {
        var id = Params.pathId(ctx, "tenant");
        var body = Params.jsonBody(ctx);
        var updated = tenants.update(id, limit(body, "max_pending_jobs"), isNull(body, "max_pending_jobs"),
                limit(body, "max_pending_tokens"), isNull(body, "max_pending_tokens"), RouteFields.parse(body),
                RequestIds.remoteAddress(ctx));
        ctx.json(AdminJson.tenant(updated.orElseThrow(() -> ApiError.notFound("tenant", id)), defaults, routes));
    }

    private void issueKey(Context ctx) throws Exception {
        var tenantId = Params.pathId(ctx, "tenant");
        var body = Params.optionalJsonBody(ctx);
        var name = text(body, "name", false);
        if (tenants.find(tenantId).isEmpty()) {
            throw ApiError.notFound("tenant", tenantId);
        }
        var issued = keys.issue(tenantId, name, RequestIds.remoteAddress(ctx));
        var json = AdminJson.key(issued.info());
        json.put("key", issued.key());
        ctx.status(201).json(json);
    }

    private void listKeys(Context ctx) throws Exception {
        var tenantId = Params.pathId(ctx, "tenant");
        if (tenants.find(tenantId).isEmpty()) {
            throw ApiError.notFound("tenant", tenantId);
        }
        var list = Json.object().put("object", "list");
        var data = list.putArray("data");
        keys.list(tenantId).forEach(k -> data.add(AdminJson.key(k)));
        ctx.json(list);
    }

    private void revokeKey(Context ctx) throws Exception {
        var id = Params.pathId(ctx, "api key");
        var revoked = keys.revoke(id, RequestIds.remoteAddress(ctx)).orElseThrow(() -> ApiError.notFound("api key", id));
        ctx.json(AdminJson.key(revoked));
    }

    private void auditLog(Context ctx) throws Exception {
        var limit = Params.intQuery(ctx, "limit", 100, 1, 1000);
        var before = Params.intQuery(ctx, "before", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        var entries = audit.list(Params.idQuery(ctx, "tenant_id"), before == Integer.MAX_VALUE ? null : (long) before, limit + 1);
        var list = Json.object().put("object", "list");
        var data = list.putArray("data");
        entries.stream().limit(limit).forEach(e -> data.add(AdminJson.audit(e)));
        list.put("has_more", entries.size() > limit);
        ctx.json(list);
    }

    private static String text(JsonNode body, String field, boolean required) {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiError.invalid(field, "Missing required parameter: '" + field + "'.");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > MAX_NAME || !Params.storable(node.asText())) {
            throw ApiError.invalid(field, "'" + field + "' must be a non-empty string of at most " + MAX_NAME + " characters.");
        }
        return node.asText().trim();
    }

    private static Long limit(JsonNode body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1) {
            throw ApiError.invalid(field, "'" + field + "' must be a positive whole number, or null for the default.");
        }
        return node.asLong();
    }

    private static boolean isNull(JsonNode body, String field) {
        return body.has(field) && body.get(field).isNull();
    }
}
