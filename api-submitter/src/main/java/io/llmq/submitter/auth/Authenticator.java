package io.llmq.submitter.auth;

import io.javalin.http.Context;
import io.llmq.submitter.audit.RefusalAudit;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.RequestIds;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Finds the tenant of a request from {@code Authorization: Bearer <key>}, {@code X-API-Key} or
 * Anthropic's {@code x-api-key} (the same header; HTTP header names are case-insensitive). Every
 * refused key is audited as {@code auth.failed}, with only a redacted form of what was sent, through
 * {@link RefusalAudit} (one row per source and minute, with a count).
 */
public final class Authenticator {
    private static final String TENANT = "llmq.tenant";
    /** The one API route a browser session may read: {@code EventSource} cannot send a key. */
    private static final Pattern SESSION_ROUTES = Pattern.compile("^/v1/batches/[^/]+/events/?$");

    private final ApiKeyStore keys;
    private final RefusalAudit refusals;
    private final WebSessions sessions;

    public Authenticator(ApiKeyStore keys, RefusalAudit refusals, WebSessions sessions) {
        this.keys = keys;
        this.refusals = refusals;
        this.sessions = sessions;
    }

    /**
     * Authenticates a web page request by its session cookie; false (and nothing set) without a
     * live session. Only GET requests: a cookie is sent by the browser on its own, so it must
     * never authorise a change.
     */
    public boolean authenticateSession(Context ctx) throws SQLException {
        if (!"GET".equals(ctx.method().name())) {
            return false;
        }
        var tenant = sessions.tenantOf(ctx.cookie(WebSessions.COOKIE));
        tenant.ifPresent(t -> ctx.attribute(TENANT, t));
        return tenant.isPresent();
    }

    public void authenticate(Context ctx) throws SQLException {
        var key = keyOf(ctx);
        var remote = RequestIds.remoteAddress(ctx);
        if (key == null && SESSION_ROUTES.matcher(ctx.path()).matches() && authenticateSession(ctx)) {
            return;
        }
        if (key == null) {
            refusals.refused(remote, "missing key", null, ctx.method() + " " + ctx.path());
            throw ApiError.unauthorized("Missing API key. Send it as 'Authorization: Bearer <key>', 'X-API-Key: <key>' or 'x-api-key: <key>'.");
        }
        var tenant = keys.tenantFor(key, remote);
        if (tenant.isEmpty()) {
            refusals.refused(remote, "unknown or revoked key", redact(key), ctx.method() + " " + ctx.path());
            throw ApiError.unauthorized("Incorrect or revoked API key provided: " + redact(key) + ".");
        }
        ctx.attribute(TENANT, tenant.get());
    }

    public static Tenant tenant(Context ctx) {
        Tenant tenant = ctx.attribute(TENANT);
        if (tenant == null) {
            throw new IllegalStateException("route " + ctx.path() + " reached without authentication");
        }
        return tenant;
    }

    private static String keyOf(Context ctx) {
        var authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            var key = authorization.substring(7).trim();
            return key.isEmpty() ? null : key;
        }
        var key = ctx.header("X-API-Key");
        return key == null || key.isBlank() ? null : key.trim();
    }

    /** Shows enough of a key to recognise it in a log, never enough to use it. */
    static String redact(String key) {
        return key.length() <= 8 ? "****" : key.substring(0, 4) + "****" + key.substring(key.length() - 4);
    }
}
