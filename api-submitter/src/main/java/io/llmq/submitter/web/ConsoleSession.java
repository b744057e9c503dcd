package io.llmq.submitter.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.auth.Tenant;
import io.llmq.submitter.auth.WebSessions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The console's session, for pages ({@code GET}, through {@link Authenticator#authenticateSession})
 * and for its action forms (cancel, retry). An action must carry the session's form token: the
 * SHA-256 of the session token under a label, so only a page that llmq served to this session
 * knows it (the cookie is HttpOnly, and another site can read neither it nor our pages). That is
 * the second guard beside {@link SameOrigin}'s check of every form POST, and SameSite=Strict.
 */
final class ConsoleSession {
    static final String FORM_FIELD = "form_token";

    private final Authenticator authenticator;
    private final WebSessions sessions;

    ConsoleSession(Authenticator authenticator, WebSessions sessions) {
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    /** The tenant of a page request's session, or empty (the caller sends the browser to log in). */
    Optional<Tenant> page(Context ctx) throws Exception {
        return authenticator.authenticateSession(ctx) ? Optional.of(Authenticator.tenant(ctx)) : Optional.empty();
    }

    /** The tenant of a page request's session; without one the browser is sent to the login form (and this is empty). */
    Optional<Tenant> pageOrLogin(Context ctx) throws Exception {
        var tenant = page(ctx);
        if (tenant.isEmpty()) {
            ctx.redirect("/ui", HttpStatus.SEE_OTHER);
        }
        return tenant;
    }

    /** The tenant of an action's session, when the form's token belongs to it. */
    Optional<Tenant> action(Context ctx, String formToken) throws Exception {
        var cookie = ctx.cookie(WebSessions.COOKIE);
        if (cookie == null || formToken == null
                || !MessageDigest.isEqual(token(cookie).getBytes(StandardCharsets.US_ASCII), formToken.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return sessions.tenantOf(cookie);
    }

    /** The hidden field every action form of this session carries. */
    static String field(Context ctx) {
        var cookie = ctx.cookie(WebSessions.COOKIE);
        return "<input type=\"hidden\" name=\"" + FORM_FIELD + "\" value=\"" + (cookie == null ? "" : token(cookie)) + "\">";
    }

    private static String token(String sessionToken) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(("llmq-console-form\n" + sessionToken).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
