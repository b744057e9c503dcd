package io.llmq.submitter.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.llmq.submitter.audit.RefusalAudit;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.auth.WebSessions;
import io.llmq.submitter.batch.BatchStore;
import io.llmq.submitter.budget.BudgetStore;
import io.llmq.submitter.http.RequestBody;
import io.llmq.submitter.http.RequestIds;
import io.llmq.submitter.http.Routes;
import io.llmq.submitter.providers.ProviderRoutes;
import io.llmq.submitter.results.OutputFiles;
import io.llmq.submitter.retry.RetryService;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The web console for data teams, server-rendered: a login form (API key → session cookie), the
 * tenant's batches ({@link BatchListPage}), each batch's page ({@link BatchPage}) and actions
 * ({@link BatchActions}), usage and budgets ({@link UsagePage}), providers ({@link ProvidersPage}).
 * The only script, {@code app.js}, is served from the jar: nothing is fetched from the internet.
 */
public final class WebRoutes implements Routes {
    private static final Map<String, String> STATIC = Map.of("app.js", "text/javascript", "style.css", "text/css");

    private final Authenticator authenticator;
    private final WebSessions sessions;
    private final RefusalAudit refusals;
    private final SameOrigin sameOrigin;
    private final boolean publicOverHttps;
    private final ConsoleSession session;
    private final BatchListPage listPage;
    private final BatchPage batchPage;
    private final BatchActions actions;
    private final UsagePage usagePage;
    private final ProvidersPage providersPage;

    /** What the console shows and calls: the API's own stores and services, so its rules are the API's. */
    public record Services(BatchStore batches, OutputFiles outputs, RetryService retries, BudgetStore budgets,
                           ProviderRoutes providers, Clock clock) {
    }

    /** @param publicUrl {@code LLMQ_PUBLIC_URL} or null: this llmq's origin, and whether browsers reach it over HTTPS */
    public WebRoutes(Authenticator authenticator, WebSessions sessions, RefusalAudit refusals, DataSource dataSource,
                     Services services, String publicUrl) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.refusals = refusals;
        this.sameOrigin = new SameOrigin(publicUrl);
        this.publicOverHttps = publicUrl != null && publicUrl.startsWith("https://");
        this.session = new ConsoleSession(authenticator, sessions);
        this.listPage = new BatchListPage(new BatchListQuery(dataSource));
        this.batchPage = new BatchPage(session, services.batches(), new WebQueries(dataSource), new BatchDetails(dataSource),
                services.budgets(), services.outputs(), new ResultCsv(dataSource));
        this.actions = new BatchActions(session, services.batches(), services.retries());
        this.usagePage = new UsagePage(session, new UsageQueries(dataSource), services.budgets(), services.clock());
        this.providersPage = new ProvidersPage(session, services.providers(), new ProviderQueries(dataSource));
    }

    @Override
    public void register(Javalin app) {
        app.get("/", ctx -> ctx.redirect("/ui"));
        app.before("/ui/*", this::refuseCrossSitePost);
        app.get("/ui", this::home);
        app.post("/ui/login", this::login);
        app.post("/ui/logout", this::logout);
        app.get("/ui/static/{name}", WebRoutes::asset);
        app.get("/ui/batches.json", this::live);
        batchPage.register(app);
        actions.register(app);
        usagePage.register(app);
        providersPage.register(app);
    }

    /** Every form POST of the page changes something (a session), so each must come from the page itself. */
    private void refuseCrossSitePost(Context ctx) {
        if (!"POST".equals(ctx.method().name())) {
            return;
        }
        sameOrigin.refusal(ctx).ifPresent(reason -> {
            Html.page(ctx, 403, "Refused", null, """
                    <h1>Refused</h1>
                    <p class="error" data-code="CROSS_SITE_REQUEST">A form of another site cannot post to llmq: %s.
                    Open <a href="/ui">llmq's own page</a> and submit the form there.</p>
                    <p class="hint">request id <code>%s</code></p>
                    """.formatted(Html.escape(reason), Html.escape(RequestIds.of(ctx))));
            ctx.skipRemainingHandlers();
        });
    }

    private void home(Context ctx) throws Exception {
        if (!authenticator.authenticateSession(ctx)) {
            loginForm(ctx, 200, null);
            return;
        }
        listPage.show(ctx, Authenticator.tenant(ctx));
    }

    private void live(Context ctx) throws Exception {
        var tenant = session.page(ctx);
        if (tenant.isEmpty()) {
            ctx.status(401).json(Map.of("error", "no live session: log in at /ui"));
            return;
        }
        listPage.live(ctx, tenant.get());
    }

    private void loginForm(Context ctx, int status, String error) {
        Html.page(ctx, status, "Log in", null, """
                <h1>Log in</h1>%s
                <form method="post" action="/ui/login" class="login">
                <label>API key <input type="password" name="api_key" autocomplete="off" required></label>
                <button type="submit">Log in</button></form>
                <p class="hint">The key is exchanged for a session cookie (12 hours); it is never put in a URL.</p>
                """.formatted(error == null ? "" : "<p class=\"error\">" + Html.escape(error) + "</p>"));
    }

    private void login(Context ctx) throws Exception {
        var key = RequestBody.formField(ctx, "api_key", RequestBody.MAX_FORM_BYTES);
        var token = key == null || key.isBlank() ? Optional.<String>empty() : sessions.open(key.trim());
        if (token.isEmpty()) {
            refusals.refused(RequestIds.remoteAddress(ctx), "web login with an unknown or revoked key", null, "POST /ui/login");
            loginForm(ctx, 401, "That API key is unknown or revoked.");
            return;
        }
        var cookie = new Cookie(WebSessions.COOKIE, token.get());
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        cookie.setMaxAge((int) WebSessions.TTL.toSeconds());
        cookie.setSameSite(SameSite.STRICT);
        // behind a TLS-terminating proxy Jetty sees plain HTTP, while the browser uses HTTPS
        cookie.setSecure(publicOverHttps || "https".equalsIgnoreCase(ctx.scheme()));
        ctx.cookie(cookie);
        ctx.redirect("/ui", HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) throws Exception {
        sessions.close(ctx.cookie(WebSessions.COOKIE));
        ctx.removeCookie(WebSessions.COOKIE, "/");
        ctx.redirect("/ui", HttpStatus.SEE_OTHER);
    }

    private static void asset(Context ctx) {
        var name = ctx.pathParam("name");
        var type = STATIC.get(name);
        if (type == null) {
            ctx.status(404).result("not found");
            return;
        }
        try (InputStream in = WebRoutes.class.getResourceAsStream("/web/" + name)) {
            ctx.contentType(type + "; charset=utf-8");
            ctx.header("Cache-Control", "max-age=300");
            ctx.result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("web asset " + name + " is missing from the jar", e);
        }
    }
}
