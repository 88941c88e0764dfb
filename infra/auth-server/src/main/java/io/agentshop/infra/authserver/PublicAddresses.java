package io.agentshop.infra.authserver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
  * Which addresses this server may fetch a client's document from: the public internet only. Anybody can make it fetch
  * a URL (a {@code client_id} is all it takes), so an address inside the network it runs in (loopback, private ranges,
  * link-local with the clouds' metadata service at 169.254.169.254, carrier-grade NAT, unique-local IPv6, multicast,
  * reserved) is refused. IPv6 forms that carry an IPv4 address (mapped, compatible, 6to4, NAT64) are judged by it.
  */
final class PublicAddresses {

    private PublicAddresses() {
    }

    /** Why the address is refused, or null when it is a public one (or loopback, when that is allowed). */
    static String refusal(InetAddress address, boolean allowLoopback) {
        if (address.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback address";
        }
        if (address instanceof Inet6Address v6) {
            Inet4Address embedded = embeddedIpv4(v6.getAddress());
            if (embedded != null) {
                return refusal(embedded, allowLoopback);
            }
            int first = v6.getAddress()[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return "a unique-local IPv6 address";
            }
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (where cloud metadata services live)";
        }
        if (address.isSiteLocalAddress()) {
            return "a private address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            if (a0 == 0 || a0 >= 240 || (a0 == 100 && (a1 & 0xc0) == 64) || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0)
                    || (a0 == 198 && (a1 & 0xfe) == 18)) {
                return "a reserved or shared address";
            }
        }
        return null;
    }

    /** The IPv4 address an IPv6 one carries (::ffff:a.b.c.d, ::a.b.c.d, 2002:aabb:ccdd::, 64:ff9b::a.b.c.d), or null. */
    private static Inet4Address embeddedIpv4(byte[] v6) {
        boolean zeros80 = allZero(v6, 0, 10);
        if (zeros80 && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff) {
            return ipv4(v6, 12);
        }
        if (zeros80 && v6[10] == 0 && v6[11] == 0 && !allZero(v6, 12, 16) && !(allZero(v6, 12, 15) && v6[15] == 1)) {
            return ipv4(v6, 12);
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            return ipv4(v6, 2);
        }
        if (v6[0] == 0 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff && (v6[3] & 0xff) == 0x9b
                && allZero(v6, 4, 12)) {
            return ipv4(v6, 12);
        }
        return null;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address ipv4(byte[] bytes, int offset) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[]{bytes[offset], bytes[offset + 1],
                    bytes[offset + 2], bytes[offset + 3]});
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
