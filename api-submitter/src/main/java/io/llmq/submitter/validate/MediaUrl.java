package io.llmq.submitter.validate;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a media URL in a chat body (an image, or a self-hosted server's video or audio part) may
 * be handed to a deployment that fetches it. A self-hosted model server fetches what it is given
 * from inside the operator's network, so a URL naming the cloud metadata service, loopback or a
 * private address would let a tenant read what only that network can reach. Allowed: {@code data:}
 * URLs of the part's media type, and {@code https:} URLs whose host is a public name or a public
 * IP address. Names are not resolved here (an answer could change by the time the server asks
 * again); egress from the model servers is the operator's firewall's to restrict.
 */
final class MediaUrl {
    private static final Pattern DATA = Pattern.compile("(?i)data:([a-z]+)/[a-z0-9.+-]+(;[a-z0-9-]+=[^;,]*)*;base64,.+", Pattern.DOTALL);
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** The last label of an IPv4 address in any form a resolver may accept (decimal, octal, hex). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(?i)\\d+|0x[0-9a-f]*");

    private MediaUrl() {
    }

    /**
     * @param media the media type the part carries ({@code image}, {@code video}, {@code audio})
     * @return null when the URL may be passed on, else what is wrong, phrased to follow the field's name
     */
    static String problem(String url, String media) {
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            var data = DATA.matcher(url);
            return data.matches() && data.group(1).equalsIgnoreCase(media) ? null
                    : "must be a base64 data URL of " + media + "/* (data:" + media + "/<type>;base64,...).";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL.";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return "must be an https: URL or a data: URL" + (uri.getScheme() == null ? "." : ", not " + BatchValidator.shorten(uri.getScheme()) + ":.");
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry a user name or password.";
        }
        if (uri.getHost() == null) {
            return "has no host name that llmq can check (letters, digits, '-' and '.').";
        }
        var host = uri.getHost().toLowerCase(Locale.ROOT);
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        var refusedAddress = "names a host on a private network (" + BatchValidator.shorten(host) + "); "
                + "llmq passes on only URLs of public hosts.";
        if (host.startsWith("[")) {
            return PrivateAddresses.isPublicIpv6(host) ? null : refusedAddress;
        }
        var lastLabel = host.substring(host.lastIndexOf('.') + 1);
        if (NUMERIC_LABEL.matcher(lastLabel).matches()) {
            if (!DOTTED_QUAD.matcher(host).matches()) {
                return "names an IP address in a non-standard form (" + BatchValidator.shorten(host) + "); write it as a.b.c.d.";
            }
            return PrivateAddresses.isPublicIpv4(host) ? null : refusedAddress;
        }
        // single labels resolve through the search domains, e.g. "metadata" on Google Cloud
        var internalName = !host.contains(".") || host.endsWith(".localhost") || host.endsWith(".local")
                || host.endsWith(".internal") || host.endsWith(".localdomain") || host.endsWith(".home.arpa");
        return internalName ? refusedAddress : null;
    }
}
