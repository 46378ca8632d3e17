package dev.entrepot.integrations.connect;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where integrations-service may send a request on a merchant's behalf (docs/connections.md#the-guard): an
 * http(s) URL without user info whose host is a public name or a public address. The host is read the way
 * a resolver reads it, so a form the check and the connection could disagree on never passes:
 * <ul>
 * <li>a name ending in a dot, an IPv4 address in any form but four decimal numbers ({@code 0177.0.0.1},
 * {@code 0x7f000001}, {@code 2130706433}, {@code 127.1}), a zone or percent-encoding in the host are
 * refused outright, whatever they would point at;</li>
 * <li>an address, written or resolved, is refused when it is loopback, private, link-local (cloud metadata),
 * carrier-grade NAT, multicast, reserved or documentation space, and so is an IPv6 address that carries
 * such an IPv4 address (mapped {@code ::ffff:}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}, Teredo {@code 2001::/32}) or lies outside global unicast;</li>
 * <li>{@code localhost} and names under {@code .localhost}, {@code .local}, {@code .localdomain},
 * {@code .internal}, {@code .home.arpa}, and names of one label (the resolver completes them with its
 * search domains) are refused by name;</li>
 * <li>every address a name resolves to is checked, and {@link #pin} hands the caller the address it
 * checked, so the connection goes there and nowhere a second lookup might lead.</li>
 * </ul>
 * An operator may name hosts or addresses that are allowed anyway in
 * {@code entrepot.connectors.allowed-private-hosts}: a name allows the URLs that name it (its addresses
 * unchecked, still pinned), an address allows itself whether written or resolved; plain http is allowed
 * only to a host a URL names as listed.
 */
public final class UrlGuard {

    /** The lookup of a name's addresses: the guard checks what it answers, and the connection uses it. */
    @FunctionalInterface
    public interface Resolver {

        /** The platform's resolver (the JDK's, hence the system's: /etc/hosts, then DNS), every A and AAAA record. */
        Resolver SYSTEM = name -> List.of(InetAddress.getAllByName(name));

        /** Every address of {@code name}; an {@link UnknownHostException} when it has none. */
        List<InetAddress> resolve(String name) throws UnknownHostException;
    }

    /** Why a URL may not be used, with the error code a caller answers with. */
    public static final class Refused extends RuntimeException {

        private final String code;

        Refused(String code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }

        /** {@code private_address} (what it points at) or {@code url_not_allowed} (how it is written). */
        public String code() {
            return code;
        }
    }

    /**
     * A checked destination: the URL's host as written (lower-case), for the Host header and TLS (SNI and
     * certificate verification), its port, and the address that was checked, the one to connect to.
     */
    public record Pinned(String host, int port, boolean https, InetAddress address, boolean explicitPort) {

        /** The Host header: the host, and the port when the URL named one. */
        public String authority() {
            String name = host.contains(":") ? "[" + host + "]" : host;
            return explicitPort ? name + ":" + port : name;
        }
    }

    /** A URL's host and port as read, or why it cannot be used. */
    private record Parsed(boolean https, String name, InetAddress literal, String hostText, int port, boolean explicitPort,
            String refusal) {

        static Parsed refused(String refusal) {
            return new Parsed(false, null, null, null, -1, false, refusal);
        }
    }

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final Pattern DECIMAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final List<String> PRIVATE_SUFFIXES = List.of(".localhost", ".local", ".localdomain", ".internal", ".home.arpa");

    private final Set<String> allowedNames = new HashSet<>();
    private final Set<InetAddress> allowedAddresses = new HashSet<>();
    private final Resolver resolver;

    public UrlGuard(Set<String> allowedPrivateHosts) {
        this(allowedPrivateHosts, Resolver.SYSTEM);
    }

    /**
     * @param allowedPrivateHosts host names (compared with a URL's host, case aside) and addresses (compared as
     *                            addresses, in any standard notation, with a URL's address and with every
     *                            address a name resolves to) allowed although they are private
     * @throws IllegalArgumentException for an entry the guard cannot read (a trailing dot, {@code 0x7f000001})
     */
    public UrlGuard(Set<String> allowedPrivateHosts, Resolver resolver) {
        this.resolver = resolver;
        for (String entry : allowedPrivateHosts) {
            String host = entry.trim().toLowerCase(Locale.ROOT);
            if (host.isEmpty()) {
                continue;
            }
            boolean bracketed = host.startsWith("[") && host.endsWith("]");
            Parsed parsed = host(bracketed ? host.substring(1, host.length() - 1) : host, bracketed || host.contains(":"));
            if (parsed.refusal() != null) {
                throw new IllegalArgumentException("entrepot.connectors.allowed-private-hosts: " + entry + " " + parsed.refusal());
            }
            if (parsed.literal() != null) {
                allowedAddresses.add(parsed.literal());
            } else {
                allowedNames.add(parsed.name());
            }
        }
    }

    /** Why {@code url} may not be used, or null when it may, from how it is written; names are not resolved. */
    public String refusal(String url) {
        Parsed parsed = parse(url);
        return parsed.refusal() != null ? parsed.refusal() : formRefusal(parsed);
    }

    /**
     * Why {@code url} may not be used, or null when it may, its name resolved now and every address checked.
     * A name that does not resolve passes (the call will be checked again, and fail); see {@link #pin}.
     */
    public String resolvedRefusal(String url) {
        try {
            pin(url);
            return null;
        } catch (Refused refused) {
            return refused.getMessage();
        } catch (UnknownHostException unknown) {
            return null;
        }
    }

    /**
     * The destination of a call to {@code url}, checked: the URL as {@link #refusal} reads it, then every
     * address its name resolves to. Connect to {@link Pinned#address()}, nowhere else.
     *
     * @throws Refused             when the URL or one of its addresses may not be used
     * @throws UnknownHostException when its name resolves to nothing
     */
    public Pinned pin(String url) throws UnknownHostException {
        Parsed parsed = parse(url);
        String refusal = parsed.refusal() != null ? parsed.refusal() : formRefusal(parsed);
        if (refusal != null) {
            throw new Refused(refusal.startsWith("points at") ? "private_address" : "url_not_allowed", refusal);
        }
        if (parsed.literal() != null) {
            return new Pinned(parsed.hostText(), parsed.port(), parsed.https(), parsed.literal(), parsed.explicitPort());
        }
        List<InetAddress> addresses = resolver.resolve(parsed.name());
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(parsed.name());
        }
        if (!allowedNames.contains(parsed.name())) {
            for (InetAddress address : addresses) {
                String range = allowedAddresses.contains(normalised(address)) ? null : privateRange(address);
                if (range != null) {
                    throw new Refused("private_address", "resolves to a private address (" + address.getHostAddress() + ", " + range + ")");
                }
            }
        }
        return new Pinned(parsed.name(), parsed.port(), parsed.https(), normalised(addresses.get(0)), parsed.explicitPort());
    }

    /** @see #pin(String) */
    public Pinned pin(URI url) throws UnknownHostException {
        return pin(url.toString());
    }

    private String formRefusal(Parsed parsed) {
        boolean allowed = parsed.literal() != null ? allowedAddresses.contains(parsed.literal()) : allowedNames.contains(parsed.name());
        if (allowed) {
            return null;
        }
        if (!parsed.https()) {
            return "must use https";
        }
        if (parsed.name() != null) {
            String name = parsed.name();
            if (name.equals("localhost") || PRIVATE_SUFFIXES.stream().anyMatch(name::endsWith)) {
                return "points at a private host";
            }
            if (!name.contains(".")) {
                return "names a host of one label, which the resolver completes with its search domains: name it in full";
            }
            return null;
        }
        String range = privateRange(parsed.literal());
        return range == null ? null : "points at a private address (" + range + ")";
    }

    // --- reading a URL ----------------------------------------------------------------------------------

    private static Parsed parse(String url) {
        if (url == null) {
            return Parsed.refused("is not a URL");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Parsed.refused("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority();
        if (!(scheme.equals("https") || scheme.equals("http")) || authority == null || authority.isEmpty() || uri.isOpaque()) {
            return Parsed.refused("must be an http(s) URL with a host");
        }
        if (authority.contains("@")) {
            return Parsed.refused("must not carry user info (@)");
        }
        String hostText;
        String portText = null;
        boolean bracketed = authority.startsWith("[");
        if (bracketed) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return Parsed.refused("has a malformed IPv6 address");
            }
            hostText = authority.substring(1, close);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Parsed.refused("has a malformed host");
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            hostText = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        boolean https = scheme.equals("https");
        int port = https ? 443 : 80;
        if (portText != null) {
            if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
                return Parsed.refused("has a port that is not a number from 1 to 65535");
            }
            port = Integer.parseInt(portText);
        }
        Parsed host = host(hostText.toLowerCase(Locale.ROOT), bracketed);
        if (host.refusal() != null) {
            return host;
        }
        return new Parsed(https, host.name(), host.literal(), host.hostText(), port, portText != null, null);
    }

    /** A host as a resolver reads it: an IPv6 address (bracketed), a canonical IPv4 address, or a name. */
    private static Parsed host(String host, boolean ipv6) {
        if (host.isEmpty()) {
            return Parsed.refused("must be an http(s) URL with a host");
        }
        if (host.contains("%")) {
            return Parsed.refused("has percent-encoding or a zone in its host");
        }
        if (ipv6) {
            byte[] bytes = ipv6(host);
            if (bytes == null) {
                return Parsed.refused("has a malformed IPv6 address");
            }
            InetAddress address = address(bytes);
            return new Parsed(false, null, address, address.getHostAddress(), -1, false, null);
        }
        if (host.endsWith(".")) {
            return Parsed.refused("has a host ending in a dot: write it without the dot");
        }
        String[] labels = host.split("\\.", -1);
        boolean numeric = true;
        for (String label : labels) {
            numeric &= NUMERIC_LABEL.matcher(label).matches();
        }
        if (numeric) {
            byte[] canonical = canonicalIpv4(host);
            if (canonical != null) {
                InetAddress address = address(canonical);
                return new Parsed(false, null, address, host, -1, false, null);
            }
            long legacy = legacyIpv4(host);
            return Parsed.refused(legacy < 0 ? "has a host that is neither a name nor an address"
                    : "writes an address in a form resolvers read as " + dotted(legacy)
                            + ": write an IPv4 address as four decimal numbers, a.b.c.d");
        }
        if (host.length() > 253) {
            return Parsed.refused("has a host name longer than 253 characters");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Parsed.refused("has a host that is not a valid name (letters, digits and '-' between dots; "
                        + "an international name in its xn-- form)");
            }
        }
        if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
            return Parsed.refused("has a host that is neither a name nor an address (its last label is a number)");
        }
        return new Parsed(false, host, null, host, -1, false, null);
    }

    /** Four decimal numbers 0 to 255 without leading zeros, or null. */
    static byte[] canonicalIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!DECIMAL_OCTET.matcher(parts[i]).matches() || Integer.parseInt(parts[i]) > 255) {
                return null;
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    /**
     * The address the C library's {@code inet_aton} (and so {@code getaddrinfo}) reads in {@code text}: one
     * to four parts, each decimal, octal (a leading 0) or hexadecimal ({@code 0x}), the last filling the
     * remaining bytes; -1 when it reads none.
     */
    static long legacyIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return -1;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            try {
                if (part.startsWith("0x")) {
                    values[i] = part.length() == 2 ? 0 : part.length() > 10 ? -1 : Long.parseLong(part.substring(2), 16);
                } else if (part.length() > 1 && part.startsWith("0")) {
                    values[i] = part.length() > 12 ? -1 : Long.parseLong(part.substring(1), 8);
                } else {
                    values[i] = part.isEmpty() || part.length() > 10 ? -1 : Long.parseLong(part);
                }
            } catch (NumberFormatException e) {
                return -1;
            }
            if (values[i] < 0) {
                return -1;
            }
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return -1;
            }
            address = address << 8 | values[i];
        }
        int lastBytes = 5 - values.length;
        long last = values[values.length - 1];
        if (last >= 1L << (8 * lastBytes)) {
            return -1;
        }
        return address << (8 * lastBytes) | last;
    }

    /**
     * The 16 bytes of an IPv6 address in the notation of RFC 4291 section 2.2 (groups of 1 to 4 hex digits,
     * one {@code ::}, an IPv4 address in four decimal numbers at the end), or null.
     */
    static byte[] ipv6(String text) {
        if (!text.matches("[0-9a-f:.]+")) {
            return null;
        }
        String body = text;
        byte[] tail = null;
        if (text.indexOf('.') >= 0) {
            int lastColon = text.lastIndexOf(':');
            tail = lastColon < 0 ? null : canonicalIpv4(text.substring(lastColon + 1));
            if (tail == null) {
                return null;
            }
            // "::1.2.3.4" keeps its "::"; "::ffff:1.2.3.4" drops the colon before the IPv4 address.
            body = lastColon > 0 && text.charAt(lastColon - 1) == ':' ? text.substring(0, lastColon + 1) : text.substring(0, lastColon);
        }
        if (body.contains(":::") || body.indexOf("::") != body.lastIndexOf("::")) {
            return null;
        }
        int limit = tail == null ? 8 : 6;
        String[] sides = body.split("::", -1);
        List<String> before = groupsOf(sides[0]);
        List<String> after = sides.length == 2 ? groupsOf(sides[1]) : List.of();
        if (before == null || after == null || (sides.length == 2 ? before.size() + after.size() > limit - 1 : before.size() != limit)) {
            return null;
        }
        List<String> groups = new ArrayList<>(before);
        while (groups.size() + after.size() < limit) {
            groups.add("0");
        }
        groups.addAll(after);
        byte[] bytes = new byte[16];
        for (int i = 0; i < limit; i++) {
            int group = Integer.parseInt(groups.get(i), 16);
            bytes[2 * i] = (byte) (group >> 8);
            bytes[2 * i + 1] = (byte) group;
        }
        if (tail != null) {
            System.arraycopy(tail, 0, bytes, 12, 4);
        }
        return bytes;
    }

    private static List<String> groupsOf(String side) {
        if (side.isEmpty()) {
            return List.of();
        }
        List<String> groups = new ArrayList<>();
        for (String group : side.split(":", -1)) {
            if (!group.matches("[0-9a-f]{1,4}")) {
                return null;
            }
            groups.add(group);
        }
        return groups;
    }

    // --- what an address is -----------------------------------------------------------------------------

    private record Range(byte[] prefix, int bits, String name) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** IPv4 space no connector may reach (RFC 6890 and the IANA special-purpose registry). */
    private static final List<Range> IPV4 = List.of(
            v4("0.0.0.0", 8, "\"this network\""), v4("10.0.0.0", 8, "private"), v4("100.64.0.0", 10, "carrier-grade NAT"),
            v4("127.0.0.0", 8, "loopback"), v4("169.254.0.0", 16, "link-local, cloud metadata"), v4("172.16.0.0", 12, "private"),
            v4("192.0.0.0", 24, "IETF protocol assignments"), v4("192.0.2.0", 24, "documentation"), v4("192.88.99.0", 24, "6to4 relay"),
            v4("192.168.0.0", 16, "private"), v4("198.18.0.0", 15, "benchmarking"), v4("198.51.100.0", 24, "documentation"),
            v4("203.0.113.0", 24, "documentation"), v4("224.0.0.0", 4, "multicast"), v4("240.0.0.0", 4, "reserved"));

    /** IPv6 inside global unicast (2000::/3) that is still not the Internet. */
    private static final List<Range> IPV6 = List.of(v6("2001:db8::", 32, "documentation"), v6("3fff::", 20, "documentation"),
            v6("2001:2::", 48, "benchmarking"), v6("2001:10::", 28, "ORCHID"), v6("2001:20::", 28, "ORCHIDv2"));

    /** IPv6 prefixes that carry an IPv4 address. */
    private static final Range V6_NAT64 = v6("64:ff9b::", 96, "NAT64");
    private static final Range V6_6TO4 = v6("2002::", 16, "6to4");
    private static final Range V6_TEREDO = v6("2001::", 32, "Teredo");

    /**
     * Why {@code address} is not a public address (the range it lies in), or null when it is one. An IPv6
     * address carrying an IPv4 address is judged by the IPv4 address (for Teredo, both the server's and the
     * client's).
     */
    static String privateRange(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return IPV4.stream().filter(range -> range.contains(bytes)).map(Range::name).findFirst().orElse(null);
        }
        if (allZero(bytes, 0, 15) && (bytes[15] == 0 || bytes[15] == 1)) {
            return bytes[15] == 0 ? "unspecified" : "loopback";
        }
        byte[] embedded = null;
        String form = null;
        if (allZero(bytes, 0, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
            embedded = slice(bytes, 12);
            form = "IPv4-mapped";
        } else if (allZero(bytes, 0, 12)) {
            embedded = slice(bytes, 12);
            form = "IPv4-compatible";
        } else if (allZero(bytes, 0, 8) && (bytes[8] & 0xff) == 0xff && (bytes[9] & 0xff) == 0xff && allZero(bytes, 10, 12)) {
            embedded = slice(bytes, 12);
            form = "IPv4-translated";
        } else if (V6_NAT64.contains(bytes)) {
            embedded = slice(bytes, 12);
            form = "NAT64";
        } else if (V6_6TO4.contains(bytes)) {
            embedded = slice(bytes, 2);
            form = "6to4";
        } else if (V6_TEREDO.contains(bytes)) {
            String server = privateRange(address(slice(bytes, 4)));
            byte[] client = slice(bytes, 12);
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            String clientRange = privateRange(address(client));
            return server != null ? "Teredo, server " + server : clientRange != null ? "Teredo, client " + clientRange : null;
        }
        if (embedded != null) {
            String range = privateRange(address(embedded));
            return range == null ? null : form + " " + address(embedded).getHostAddress() + ", " + range;
        }
        if ((bytes[0] & 0xe0) != 0x20) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return "unique local";
            }
            if ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80) {
                return "link-local";
            }
            if ((bytes[0] & 0xff) == 0xff) {
                return "multicast";
            }
            return "not global unicast";
        }
        return IPV6.stream().filter(range -> range.contains(bytes)).map(Range::name).findFirst().orElse(null);
    }

    private static Range v4(String prefix, int bits, String name) {
        return new Range(canonicalIpv4(prefix), bits, name);
    }

    private static Range v6(String prefix, int bits, String name) {
        return new Range(ipv6(prefix), bits, name);
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] bytes, int from) {
        byte[] four = new byte[4];
        System.arraycopy(bytes, from, four, 0, 4);
        return four;
    }

    /** The address of 4 or 16 bytes (the JDK makes an IPv4-mapped one an IPv4 address). */
    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The address without the name it was resolved for, so addresses compare by their bytes. */
    private static InetAddress normalised(InetAddress address) {
        return address(address.getAddress());
    }

    private static String dotted(long address) {
        return (address >> 24 & 0xff) + "." + (address >> 16 & 0xff) + "." + (address >> 8 & 0xff) + "." + (address & 0xff);
    }
}
