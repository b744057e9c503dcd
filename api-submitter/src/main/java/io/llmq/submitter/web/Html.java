package io.llmq.submitter.web;

import io.javalin.http.Context;
import io.llmq.submitter.http.ApiServer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The page shell and escaping. Scripts come only from {@code /ui/static/} (the CSP forbids inline ones). */
final class Html {
    /** No inline script or style anywhere: widths, charts and live values are set by {@code app.js} through the DOM. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Html() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (var ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    static void page(Context ctx, int status, String title, String tenant, String body) {
        ctx.status(status);
        ApiServer.keepAnswer(ctx);
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8");
        var logout = tenant == null ? "" : """
                <nav aria-label="console"><a href="/ui">Batches</a> <a href="/ui/usage">Usage</a> <a href="/ui/providers">Providers</a></nav>
                <form method="post" action="/ui/logout" class="logout"><span>tenant %s</span> <button type="submit">Log out</button></form>"""
                .formatted(escape(tenant));
        ctx.result("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%s · llmq</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <link rel="stylesheet" href="/ui/static/style.css"></head>
                <body><header><a href="/ui" class="brand">llmq</a>%s</header><main>
                %s
                </main><script src="/ui/static/app.js"></script></body></html>
                """.formatted(escape(title), logout, body));
    }

    /** A UTC time to the second, or a dash. */
    static String time(Instant at) {
        return at == null ? "–" : "<time datetime=\"" + at + "\">" + TIME.format(at) + "</time>";
    }

    static String option(String value, boolean selected) {
        return "<option" + (selected ? " selected" : "") + ">" + escape(value) + "</option>";
    }
}
