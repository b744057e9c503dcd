package io.llmq.worker.webhook;

import io.llmq.schema.webhook.WebhookTargets;
import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The HTTP client's name lookup: the addresses it returns are the ones the connection is made to,
 * so checking them here, on every attempt, is what defeats DNS rebinding (a name that resolved to
 * a public address at registration and to 169.254.169.254 now).
 */
final class TargetResolver implements DnsResolver {
    /** A lookup refused because the name has an address webhooks must not reach. */
    static final class RefusedTarget extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedTarget(String host, InetAddress address) {
            super(host + " resolves to " + address.getHostAddress()
                    + ", a private, loopback or link-local address (" + WebhookTargets.ALLOW_PRIVATE_SETTING + " is off)");
        }
    }

    private final boolean allowPrivate;

    TargetResolver(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return switch (WebhookTargets.resolve(host, allowPrivate)) {
            case WebhookTargets.Resolution.Allowed(var addresses) -> addresses.toArray(InetAddress[]::new);
            case WebhookTargets.Resolution.Refused(var address) -> throw new RefusedTarget(host, address);
            case WebhookTargets.Resolution.Unresolvable(var name) -> throw new UnknownHostException(name + " does not resolve");
        };
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return host; // only Kerberos-style authentication asks, and webhooks use none
    }
}
