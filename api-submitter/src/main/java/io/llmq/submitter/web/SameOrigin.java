package io.llmq.submitter.web;

import io.javalin.http.Context;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses a cross-site form {@code POST} to the web page (login CSRF: another site logging the
 * victim's browser into the attacker's tenant; or logging them out). SameSite cookies do not help
 * here, because the login form needs no cookie. The submitter's own origin is that of
 * {@code LLMQ_PUBLIC_URL} when set, else the request's own {@code scheme://Host}. The browser's
 * {@code Origin} must equal it; without {@code Origin}, the {@code Referer}'s origin must; without
 * either, the request passes only if {@code Sec-Fetch-Site} is absent or {@code same-origin}: a
 * client that is no browser (curl, scripts) sends none of the three and has no cookies to abuse,
 * while every browser that hides both headers still sends {@code Sec-Fetch-Site}.
 */
final class SameOrigin {
    private final String publicOrigin;

    /** @param publicUrl {@code LLMQ_PUBLIC_URL}, or null to use each request's own scheme and host */
    SameOrigin(String publicUrl) {
        this.publicOrigin = publicUrl == null ? null : originOf(publicUrl).orElseThrow(
                () -> new IllegalArgumentException("LLMQ_PUBLIC_URL has no host: '" + publicUrl + "'"));
    }

    /** Why the request is refused, or empty if it comes from this llmq's own pages. */
    Optional<String> refusal(Context ctx) {
        var own = publicOrigin != null ? publicOrigin : normalise(ctx.scheme(), ctx.host());
        var origin = ctx.header("Origin");
        if (origin != null) {
            return own.equals(originOf(origin).orElse(null)) ? Optional.empty()
                    : Optional.of("the request's Origin '" + origin + "' is not this llmq's origin '" + own + "'");
        }
        var referer = ctx.header("Referer");
        if (referer != null) {
            return own.equals(originOf(referer).orElse(null)) ? Optional.empty()
                    : Optional.of("the request's Referer is not a page of this llmq's origin '" + own + "'");
        }
        var fetchSite = ctx.header("Sec-Fetch-Site");
        return fetchSite == null || fetchSite.equalsIgnoreCase("same-origin") ? Optional.empty()
                : Optional.of("the browser reports the request as Sec-Fetch-Site: " + fetchSite + ", not same-origin");
    }

    private static Optional<String> originOf(String url) {
        try {
            var uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(normalise(uri.getScheme(), uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code scheme://host[:port]} in lower case, without the scheme's default port. */
    private static String normalise(String scheme, String hostAndPort) {
        var s = scheme.toLowerCase(Locale.ROOT);
        var h = hostAndPort == null ? "" : hostAndPort.toLowerCase(Locale.ROOT);
        if (s.equals("http") && h.endsWith(":80")) {
            h = h.substring(0, h.length() - 3);
        } else if (s.equals("https") && h.endsWith(":443")) {
            h = h.substring(0, h.length() - 4);
        }
        return s + "://" + h;
    }
}
