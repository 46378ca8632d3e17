package dev.entrepot.integrations.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.entrepot.platform.api.ApiException;

/**
 * The URL a proxied call goes to: the connector's base URL, then the caller's path and query — and never
 * anywhere else. Refused (400): a dot segment ({@code ..}, {@code .}, encoded or not), an encoded slash
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
            throw refused(path);
        }
        for (String segment : path.split("/", -1)) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                throw refused(path);
            }
        }
        if (rawQuery != null && (rawQuery.contains("#") || hasControl(rawQuery))) {
            throw refused(path);
        }
        URI base = URI.create(baseUrl);
        URI target;
        try {
            target = new URI(baseUrl + "/" + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("The proxied path is not a valid URL path: " + e.getReason());
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (!base.getScheme().equalsIgnoreCase(target.getScheme()) || !base.getHost().equalsIgnoreCase(target.getHost())
                || base.getPort() != target.getPort() || target.getRawUserInfo() != null
                || !(target.getRawPath() + "/").startsWith(basePath + "/")) {
            throw refused(path);
        }
        return target;
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || text.toLowerCase(Locale.ROOT).matches(".*%(0[0-9a-f]|1[0-9a-f]|7f).*");
    }

    private static ApiException refused(String path) {
        return new ApiException(400, "path_not_allowed", "The proxied path must stay under the connector's base URL: no '..', '@', "
                + "'\\', encoded slashes or absolute URLs");
    }
}
