package dev.entrepot.gateway.ratelimit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.util.NetUtil;

/**
 * The address a request comes from, for the limits of {@link PublicLimits}: the connection's peer, unless
 * the peer is a trusted proxy ({@code gateway.trusted-proxies}); then {@code X-Forwarded-For} is read from
 * the right, past every trusted hop, and the first hop that is not trusted is the client. A caller can
 * write anything into that header, but only to the left of what our own proxies append, so the right-most
 * untrusted hop is the one a trusted proxy saw.
 *
 * <p>An IPv6 client counts by its /64, the block a single subscriber usually holds: counting each of its
 * 2^64 addresses apart would be no limit at all. Addresses are parsed as literals only, never resolved.
 */
public final class ClientAddress {

    private final List<Cidr> trusted = new ArrayList<>();

    /** {@code trustedProxies}: addresses or CIDRs, {@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 127.0.0.1}. */
    public ClientAddress(List<String> trustedProxies) {
        for (String entry : trustedProxies) {
            if (!entry.isBlank()) {
                trusted.add(Cidr.parse(entry.strip()));
            }
        }
    }

    /**
     * The client of a request from {@code peer} (the connection's remote address) with these
     * {@code X-Forwarded-For} header values, in the order received, as the key its limits are counted by.
     */
    public String of(String peer, List<String> forwardedFor) {
        byte[] hop = literal(peer);
        if (hop == null) {
            return peer == null || peer.isBlank() ? "unknown" : peer; // not an IP connection (a unix socket)
        }
        if (!isTrusted(hop)) {
            return key(hop);
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            hops.addAll(Arrays.asList(value.split(",")));
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] candidate = literal(hops.get(i));
            if (candidate == null) {
                // A trusted proxy wrote what is not an address: count the proxy that wrote it.
                return key(hop);
            }
            if (!isTrusted(candidate)) {
                return key(candidate);
            }
            hop = candidate;
        }
        return key(hop); // every hop is ours: the left-most is the client
    }

    private boolean isTrusted(byte[] address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** An IPv4 address as it is, an IPv6 one as its /64: {@code 2001:db8:1:2::/64}. */
    static String key(byte[] address) {
        if (address.length == 4) {
            return NetUtil.bytesToIpAddress(address);
        }
        byte[] block = Arrays.copyOf(Arrays.copyOf(address, 8), 16);
        return NetUtil.bytesToIpAddress(block) + "/64";
    }

    /**
     * The bytes of an address literal ({@code 192.0.2.1}, {@code 2001:db8::1}, {@code [2001:db8::1]:443},
     * {@code 192.0.2.1:443}), IPv4-mapped IPv6 as IPv4; null for anything else, a name included.
     */
    static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String address = text.strip();
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            if (end < 0) {
                return null;
            }
            address = address.substring(1, end);
        } else if (address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':') && address.indexOf('.') > 0) {
            address = address.substring(0, address.indexOf(':')); // IPv4 with a port
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return null;
        }
        return bytes.length == 16 && isMappedIpv4(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
    }

    private static boolean isMappedIpv4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** An address block: the first {@code bits} bits of {@code prefix}. */
    record Cidr(byte[] prefix, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null || text.startsWith("[")) {
                throw new IllegalArgumentException("gateway.trusted-proxies: '" + text + "' is not an address or CIDR");
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                // An IPv4-mapped block (::ffff:10.0.0.0/104) is read as the IPv4 block it maps.
                if (address.length == 4 && text.substring(0, slash).contains(":")) {
                    bits -= 96;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("gateway.trusted-proxies: '" + text + "' has no valid prefix length");
                }
            }
            return new Cidr(address, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }
}
