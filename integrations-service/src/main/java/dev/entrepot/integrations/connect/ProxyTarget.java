package dev.entrepot.integrations.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.entrepot.platform.api.ApiException;

/**
 * The URL a proxied call goes to: the connector's base URL, then the caller's path and query — and never
 * anywhere else. Refused (400): a dot segment ({@code ..}, {@code .}, encoded or not, however many times,
 * and with path parameters after it: {@code ..;}, {@code .;x=1}, {@code %2e%2e;}, {@code ..%3b}), an encoded slash
 * or backslash, a backslash, an {@code @}, an absolute URL (a path starting with a scheme, however many
 * slashes follow it — the HTTP layer may have merged them) or a path starting with {@code //}, control
 * characters; and, to be sure, any result whose scheme, host or port differ from the base's or whose
 * path leaves the base path.
 */
public final class ProxyTarget {

    private ProxyTarget() {
    }

    public static URI of(String baseUrl, String rawPath, String rawQuery) {
        String path = rawPath == null ? "" : rawPath;
        String lower = path.toLowerCase(Locale.ROOT);
        if (path.startsWith("/") || path.contains("\\") || path.contains("@") || lower.contains("%2f") || lower.contains("%5c")
                || lower.contains("%40") || lower.matches("^[a-z][a-z0-9+.-]*(:|%3a).*") || hasControl(path)) {
            throw refused();
        }
        for (String segment : path.split("/", -1)) {
            if (isDotSegment(segment)) {
                throw refused();
            }
        }
        if (rawQuery != null && (rawQuery.contains("#") || hasControl(rawQuery))) {
            throw refused();
        }
        URI base = URI.create(baseUrl);
        URI target;
        try {
            target = new URI(baseUrl + "/" + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("The proxied path is not a valid URL path: " + e.getReason());
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (base.getScheme() == null || base.getHost() == null || !base.getScheme().equalsIgnoreCase(target.getScheme())
                || !base.getHost().equalsIgnoreCase(target.getHost())
                || base.getPort() != target.getPort() || target.getRawUserInfo() != null
                || !(target.getRawPath() + "/").startsWith(basePath + "/")) {
            throw refused();
        }
        return target;
    }

    /**
     * Whether a segment is {@code .} or {@code ..} to a server behind: percent-escapes decoded until none is
     * left, and what follows a {@code ;} (a path parameter, which servlet containers drop) cut off.
     */
    static boolean isDotSegment(String segment) {
        String decoded = segment;
        for (int round = 0; round < 10; round++) {
            String once = decodeOnce(decoded);
            if (once.equals(decoded)) {
                break;
            }
            decoded = once;
        }
        int semicolon = decoded.indexOf(';');
        String name = semicolon < 0 ? decoded : decoded.substring(0, semicolon);
        return name.equals(".") || name.equals("..");
    }

    private static String decodeOnce(String text) {
        StringBuilder decoded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0
                    && hex(text.charAt(i + 2)) >= 0) {
                decoded.append((char) (hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2))));
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || text.toLowerCase(Locale.ROOT).matches(".*%(0[0-9a-f]|1[0-9a-f]|7f).*");
    }

    /** The refusal of a path that does not stay under the base URL (400 {@code path_not_allowed}). */
    public static ApiException refused() {
        return new ApiException(400, "path_not_allowed", "The proxied path must stay under the connector's base URL: no '..' or '.' "
                + "segment (also with ';' or encoded), '@', '\\', encoded slashes or absolute URLs");
    }
}
