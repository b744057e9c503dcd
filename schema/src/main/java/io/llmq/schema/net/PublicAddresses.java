package io.llmq.schema.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Whether an IP address is a public one: not loopback, link-local (the cloud metadata service,
 * 169.254.169.254 and fd00:ec2::254 included), private, unique-local, shared (100.64/10, where
 * some clouds put their metadata service), multicast, reserved, or an IPv6 form that embeds such
 * an IPv4 address. Used wherever llmq would send a request to an address a tenant chose (media
 * URLs passed to self-hosted servers, webhook targets), so that a tenant cannot make llmq reach
 * what only its own network can.
 */
public final class PublicAddresses {
    private PublicAddresses() {
    }

    public static boolean isPublic(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return publicIpv4(v4.getAddress());
        }
        var v6 = (Inet6Address) address;
        var b = v6.getAddress();
        if (v6.isAnyLocalAddress() || v6.isLoopbackAddress() || v6.isLinkLocalAddress() || v6.isSiteLocalAddress()
                || v6.isMulticastAddress() || (b[0] & 0xfe) == 0xfc) {
            return false;
        }
        if (v6.isIPv4CompatibleAddress() || isNat64(b)) {
            return publicIpv4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if ((b[0] & 0xff) == 0x20 && b[1] == 0x02) {
            return publicIpv4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4, 2002:aabb:ccdd::
        }
        return true;
    }

    /** @param octets four bytes of an IPv4 address */
    public static boolean isPublicIpv4(byte[] octets) {
        if (octets.length != 4) {
            throw new IllegalArgumentException("an IPv4 address has 4 bytes, got " + octets.length);
        }
        return publicIpv4(octets);
    }

    private static boolean isNat64(byte[] b) {
        if ((b[0] & 0xff) != 0x00 || (b[1] & 0xff) != 0x64 || (b[2] & 0xff) != 0xff || (b[3] & 0xff) != 0x9b) {
            return false;
        }
        for (int i = 4; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean publicIpv4(byte[] b) {
        int a = b[0] & 0xff;
        int second = b[1] & 0xff;
        return !(a == 0                                     // "this network"
                || a == 10                                  // private
                || a == 127                                 // loopback
                || (a == 100 && second >= 64 && second < 128) // shared address space
                || (a == 169 && second == 254)              // link-local, the metadata service
                || (a == 172 && second >= 16 && second < 32) // private
                || (a == 192 && second == 168)              // private
                || (a == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                || (a == 198 && (second == 18 || second == 19)) // benchmarking
                || a >= 224);                               // multicast, reserved, broadcast
    }
}
