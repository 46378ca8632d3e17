package dev.entrepot.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.entrepot.gateway.config.GatewayConfig;

/**
 * Which service owns a public path (docs/architecture.md#services). Only {@code /api/v1/<resource>...} paths are
 * routed, by their first segment with any format suffix removed ({@code products.csv} is
 * {@code products}); a path that a service could read differently from us (dot segments, encoded
 * slashes or dots, backslashes, empty segments) is not routed at all, so nothing reaches
 * {@code /internal} by a detour.
 */
public final class Routes {

    public static final String PREFIX = "/api/v1/";

    /** A service as the gateway forwards to it. */
    public record Target(String service, String host, int port, Duration timeout) {
    }

    private final Map<String, Target> byResource = new HashMap<>();

    public Routes(Map<String, GatewayConfig.Service> services) {
        services.forEach((name, service) -> {
            URI url = URI.create(service.url());
            if (!"http".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("gateway.services." + name + ".url must be http://host:port, not " + service.url());
            }
            Target target = new Target(name, url.getHost(), url.getPort() < 0 ? 80 : url.getPort(), service.timeout());
            for (String resource : service.resources()) {
                Target previous = byResource.put(resource, target);
                if (previous != null) {
                    throw new IllegalArgumentException("resource " + resource + " is claimed by both " + previous.service()
                            + " and " + name);
                }
            }
        });
    }

    /** A configured service by name; a missing one stops the gateway from starting. */
    public Target service(String name) {
        return byResource.values().stream().filter(target -> target.service().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("gateway.services." + name + " is not configured"));
    }

    /** The target of a raw request path (no query string), or empty when no service may see it. */
    public Optional<Target> resolve(String path) {
        if (path == null || !path.startsWith(PREFIX) || !isPlain(path)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byResource.get(resource(path)));
    }

    /**
     * How the HTTP metrics name a routed path: {@code /api/v1/<resource>}, or {@code /api/v1/<resource>/{path}}
     * when more follows; never the path itself, whose ids and names are tenants' data, without bound.
     */
    static String metricsTemplate(String path) {
        String resource = resource(path);
        return PREFIX + resource + (path.indexOf('/', PREFIX.length() + resource.length()) >= 0 ? "/{path}" : "");
    }

    /** The resource segment: {@code /api/v1/products.json?x} → {@code products}. */
    static String resource(String path) {
        int end = PREFIX.length();
        while (end < path.length() && path.charAt(end) != '/' && path.charAt(end) != '.') {
            end++;
        }
        return path.substring(PREFIX.length(), end);
    }

    private static boolean isPlain(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("//") || lower.contains("\\") || lower.contains("%2f") || lower.contains("%5c")
                || lower.contains("%2e") || lower.contains("%00")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
