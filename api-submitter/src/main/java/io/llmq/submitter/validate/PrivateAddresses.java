package io.llmq.submitter.validate;

import io.llmq.schema.net.PublicAddresses;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether an IP literal in a URL is a public address ({@link PublicAddresses} says which are).
 * Only literals are parsed; nothing here looks a name up.
 */
final class PrivateAddresses {
    private PrivateAddresses() {
    }

    /** @param dottedQuad four decimal octets, already checked for form */
    static boolean isPublicIpv4(String dottedQuad) {
        var parts = dottedQuad.split("\\.");
        var bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return PublicAddresses.isPublicIpv4(bytes);
    }

    /** @param bracketed an IPv6 literal in brackets, as a URL carries it */
    static boolean isPublicIpv6(String bracketed) {
        try {
            // the brackets make the JDK parse it as a literal or fail, never resolve it
            return PublicAddresses.isPublic(InetAddress.getByName(bracketed));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
