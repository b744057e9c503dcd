package io.llmq.schema.webhook;

import io.llmq.schema.net.PublicAddresses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where webhooks may go. A tenant chooses the URL, and llmq's processes sit inside the operator's
 * network, so a target resolving to a private, loopback, link-local (the metadata service),
 * unique-local or multicast address is refused unless the operator allows it. The submitter checks
 * at registration; the worker checks again, on every attempt, the very addresses it then connects
 * to: a name that resolved publicly at registration may point inside later (DNS rebinding).
 */
public final class WebhookTargets {
    /** {@code true} lets webhooks reach private addresses: a receiver on the same machine or network. */
    public static final String ALLOW_PRIVATE_SETTING = "LLMQ_WEBHOOK_ALLOW_PRIVATE";

    /** The outcome of looking a target's host up. */
    public sealed interface Resolution {
        /** Every address the name has, all allowed. */
        record Allowed(List<InetAddress> addresses) implements Resolution {
        }

        /** The name has an address webhooks must not reach (the first such one). */
        record Refused(InetAddress address) implements Resolution {
        }

        record Unresolvable(String host) implements Resolution {
        }
    }

    private WebhookTargets() {
    }

    /** {@value #ALLOW_PRIVATE_SETTING}: {@code true} or {@code false}, anything else refused at start-up. */
    public static boolean allowPrivate(Map<String, String> env) {
        var value = env.get(ALLOW_PRIVATE_SETTING);
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(ALLOW_PRIVATE_SETTING + " must be true or false, got '" + value + "'");
        };
    }

    /**
     * Looks the host up and checks every address: one private address among public ones is
     * refused too, since the connection may pick any of them.
     */
    public static Resolution resolve(String host, boolean allowPrivate) {
        if (host == null || host.isBlank()) {
            return new Resolution.Unresolvable(host); // the JDK would answer "" with localhost
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new Resolution.Unresolvable(host);
        }
        if (!allowPrivate) {
            for (var address : addresses) {
                if (!PublicAddresses.isPublic(address)) {
                    return new Resolution.Refused(address);
                }
            }
        }
        return new Resolution.Allowed(List.of(addresses));
    }
}
