package dev.entrepot.integrations.connect;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Where integrations-service may send a request on a merchant's behalf (docs/architecture.md#connectors-and-connections): an http(s)
 * URL without user info, to a public address. Loopback, private, link-local (cloud metadata at
 * 169.254.169.254), carrier-grade NAT, unique-local and unspecified addresses are refused, whether written
 * in the URL or resolved from its name, unless an operator names the host in
 * {@code entrepot.connectors.allowed-private-hosts}. Plain http is allowed only to such a host.
 */
public final class UrlGuard {

    private final Set<String> allowedPrivateHosts;

    public UrlGuard(Set<String> allowedPrivateHosts) {
        this.allowedPrivateHosts = allowedPrivateHosts;
    }

    /** Why {@code url} may not be used, or null when it may; names are not resolved here (see {@link #resolvesPrivately}). */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an http(s) URL with a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry user info (@)";
        }
        if (allowedPrivateHosts.contains(host)) {
            return null;
        }
        if (scheme.equals("http")) {
            return "must use https";
        }
        if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local")) {
            return "points at a private host";
        }
        if (isIpLiteral(host)) {
            try {
                if (isPrivate(InetAddress.getByName(host.replace("[", "").replace("]", "")))) {
                    return "points at a private address";
                }
            } catch (UnknownHostException e) {
                return "has a malformed address";
            }
        }
        return null;
    }

    /** Whether {@code host} (not named by the operator) resolves to a private address: checked just before connecting. */
    public boolean resolvesPrivately(String host) {
        if (allowedPrivateHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (isPrivate(address)) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            return false; // the connection itself fails
        }
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128); // "this network", carrier-grade NAT
        }
        return (bytes[0] & 0xfe) == 0xfc; // IPv6 unique local fc00::/7
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }
}
