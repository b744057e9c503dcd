package io.llmq.submitter.webhook;

import io.llmq.schema.webhook.WebhookTargets;
import io.llmq.submitter.http.Params;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a URL may receive webhooks: http or https, a host, no credentials or fragment, at most
 * {@value #MAX_LENGTH} characters, and (unless {@code LLMQ_WEBHOOK_ALLOW_PRIVATE=true}) a host
 * whose every address is public. The worker checks the addresses again on every attempt.
 */
final class EndpointUrl {
    static final int MAX_LENGTH = 2048;

    private EndpointUrl() {
    }

    /** @return null when the URL may be registered, else what is wrong, phrased to follow "'url' " */
    static String problem(String url, boolean allowPrivate) {
        if (url.length() > MAX_LENGTH) {
            return "is " + url.length() + " characters long; at most " + MAX_LENGTH + " are allowed.";
        }
        if (url.chars().anyMatch(ch -> Character.isISOControl(ch) || Character.isWhitespace(ch))) {
            return "must not contain spaces or control characters.";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL (" + Params.shorten(e.getReason()) + ").";
        }
        var scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            return "must be an http:// or https:// URL" + (scheme == null ? "." : ", not " + Params.shorten(scheme) + ":.");
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry a user name or password (signatures authenticate llmq to the receiver).";
        }
        if (uri.getRawFragment() != null) {
            return "must not have a fragment (#...).";
        }
        if (uri.getHost() == null) {
            return "has no host name (letters, digits, '-' and '.', or an IP address).";
        }
        if (uri.getPort() > 65535) {
            return "has port " + uri.getPort() + "; ports go up to 65535.";
        }
        return allowPrivate ? null : addressProblem(uri.getHost());
    }

    private static String addressProblem(String host) {
        return switch (WebhookTargets.resolve(host, false)) {
            case WebhookTargets.Resolution.Allowed a -> null;
            case WebhookTargets.Resolution.Refused(var address) -> "names a host that resolves to " + address.getHostAddress()
                    + ", a private, loopback, link-local or multicast address; llmq delivers webhooks only to public addresses"
                    + " (an operator may allow private ones with " + WebhookTargets.ALLOW_PRIVATE_SETTING + "=true).";
            case WebhookTargets.Resolution.Unresolvable u -> "names a host that does not resolve (" + Params.shorten(host) + ").";
        };
    }
}
