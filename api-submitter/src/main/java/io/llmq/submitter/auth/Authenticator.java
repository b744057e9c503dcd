package io.llmq.submitter.auth;

import io.javalin.http.Context;
import io.llmq.submitter.http.ApiError;

import java.sql.SQLException;

/** Finds the tenant of a request from {@code Authorization: Bearer <key>} or {@code X-API-Key}. */
public final class Authenticator {
    private static final String TENANT = "llmq.tenant";

    private final ApiKeyStore keys;

    public Authenticator(ApiKeyStore keys) {
        this.keys = keys;
    }

    public void authenticate(Context ctx) throws SQLException {
        var key = keyOf(ctx);
        if (key == null) {
            throw ApiError.unauthorized("Missing API key. Send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
        }
        var tenant = keys.tenantFor(key)
                .orElseThrow(() -> ApiError.unauthorized("Incorrect or revoked API key provided: " + redact(key) + "."));
        ctx.attribute(TENANT, tenant);
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
