package io.llmq.submitter.auth;

import io.javalin.http.Context;
import io.llmq.submitter.audit.RefusalAudit;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.RequestIds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards {@code /admin/*} with the one admin key from {@code LLMQ_ADMIN_KEY}, sent as
 * {@code Authorization: Bearer <key>} or {@code X-Admin-Key: <key>}. Without a configured key the
 * admin API refuses everyone. Refusals are audited as {@code admin.auth_failed} through {@link RefusalAudit}
 * (one row per source and minute, with a count), so a flood of wrong keys is not a flood of writes.
 */
public final class AdminAuthenticator {
    private final byte[] adminKey;
    private final RefusalAudit refusals;

    /** @param adminKey null disables the admin API */
    /** @param refusals counts refused admin keys as {@code admin.auth_failed}, one row per source and minute */
    public AdminAuthenticator(String adminKey, RefusalAudit refusals) {
        this.adminKey = adminKey == null ? null : adminKey.getBytes(StandardCharsets.UTF_8);
        this.refusals = refusals;
    }

    public void authenticate(Context ctx) {
        if (adminKey == null) {
            throw ApiError.unauthorized("The admin API is disabled: start the api-submitter with LLMQ_ADMIN_KEY set.");
        }
        var presented = keyOf(ctx);
        // constant-time, so response timing says nothing about how much of the key was right
        if (presented == null || !MessageDigest.isEqual(adminKey, presented.getBytes(StandardCharsets.UTF_8))) {
            refusals.refused("admin.auth_failed", RequestIds.remoteAddress(ctx), presented == null ? "missing admin key" : "wrong admin key",
                    null, ctx.method() + " " + ctx.path());
            throw ApiError.unauthorized("Missing or wrong admin key. Send LLMQ_ADMIN_KEY as 'Authorization: Bearer <key>' or 'X-Admin-Key: <key>'.");
        }
    }

    private static String keyOf(Context ctx) {
        var authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        var key = ctx.header("X-Admin-Key");
        return key == null ? null : key.trim();
    }
}
