package dev.entrepot.gateway.ratelimit;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.gateway.config.GatewayConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The limits of the endpoints that need no credential and so have no organization to count against
 * (docs/architecture.md#limits): each per client address ({@link ClientAddress}), and login also per email,
 * so that neither many addresses guess one account's password nor one address tries many accounts.
 */
public final class PublicLimits {

    /** A login body is an email and a password: the gateway reads it whole to find the email, up to this. */
    public static final int MAX_LOGIN_BODY_BYTES = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An endpoint that needs no credential; the name is its policy in the {@code RateLimit-*} headers. */
    public enum Endpoint {
        SIGNUP("signup"), LOGIN("login"), REFRESH("refresh"), OAUTH_CALLBACK("oauth-callback");

        public final String policy;

        Endpoint(String policy) {
            this.policy = policy;
        }
    }

    /** So many requests per sliding window. */
    public record Limit(int requests, int windowSeconds) {

        /** {@code <requests>/<window>}, e.g. {@code 10/1h} or {@code 20/60s}; anything else stops the gateway, naming the property. */
        static Limit parse(String property, String text) {
            int slash = text == null ? -1 : text.indexOf('/');
            try {
                if (slash > 0) {
                    int requests = Integer.parseInt(text.substring(0, slash).strip());
                    Duration window = DurationConverter.parseDuration(text.substring(slash + 1).strip());
                    if (requests >= 1 && window != null && window.toSeconds() >= 1) {
                        return new Limit(requests, Math.toIntExact(window.toSeconds()));
                    }
                }
            } catch (RuntimeException e) {
                // reported below, with the property's name
            }
            throw new IllegalArgumentException("gateway.rate-limits." + property + " must be <requests>/<window> such as 10/1h"
                    + " (at least 1 request, a window of a second or more), not '" + text + "'");
        }
    }

    public static final String LOGIN_PER_EMAIL = "login-email";

    private final Map<Endpoint, Limit> perAddress = new EnumMap<>(Endpoint.class);
    private final Limit loginPerEmail;

    public PublicLimits(GatewayConfig.RateLimits config) {
        perAddress.put(Endpoint.SIGNUP, Limit.parse("signup", config.signup()));
        perAddress.put(Endpoint.LOGIN, Limit.parse("login", config.login()));
        perAddress.put(Endpoint.REFRESH, Limit.parse("refresh", config.refresh()));
        perAddress.put(Endpoint.OAUTH_CALLBACK, Limit.parse("oauth-callback", config.oauthCallback()));
        loginPerEmail = Limit.parse("login-per-email", config.loginPerEmail());
    }

    private static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/auth/signup", "/api/v1/auth/login", "/api/v1/auth/refresh",
            "/api/v1/oauth/callback");
    private static final List<String> FORMAT_SUFFIXES = List.of(".json", ".xml", ".csv", ".pdf");

    /**
     * Whether the path is another spelling of a public endpoint that a service would still route there (a format
     * suffix, a trailing or doubled slash, a matrix parameter, percent-encoding). Such a request would reach the
     * endpoint as an ordinary authenticated one and pass by its limits, so the gateway refuses it.
     */
    public static boolean disguisesPublicEndpoint(String path) {
        return !PUBLIC_PATHS.contains(path) && PUBLIC_PATHS.contains(canonical(path));
    }

    static String canonical(String path) {
        String decoded;
        try {
            decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notDecodable) {
            return path;
        }
        StringBuilder canonical = new StringBuilder();
        for (String segment : decoded.split("/")) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (!name.isEmpty()) {
                canonical.append('/').append(name);
            }
        }
        String result = canonical.toString();
        for (String suffix : FORMAT_SUFFIXES) {
            if (result.endsWith(suffix)) {
                return result.substring(0, result.length() - suffix.length());
            }
        }
        return result;
    }

    /** Whether a login's Content-Type names JSON ({@code application/json}, {@code …+json}); none is read as JSON too. */
    public static boolean namesJson(String contentType) {
        if (contentType == null) {
            return true;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        String subtype = slash < 0 ? "" : type.substring(slash + 1);
        return slash > 0 && (subtype.equals("json") || subtype.endsWith("+json"));
    }

    /** The public endpoint a request is for, if it is one ({@code Gateway} lets exactly these through without a credential). */
    public static Optional<Endpoint> endpoint(HttpMethod method, String path) {
        if (method == HttpMethod.POST) {
            return switch (path) {
                case "/api/v1/auth/signup" -> Optional.of(Endpoint.SIGNUP);
                case "/api/v1/auth/login" -> Optional.of(Endpoint.LOGIN);
                case "/api/v1/auth/refresh" -> Optional.of(Endpoint.REFRESH);
                default -> Optional.empty();
            };
        }
        return method == HttpMethod.GET && path.equals("/api/v1/oauth/callback") ? Optional.of(Endpoint.OAUTH_CALLBACK)
                : Optional.empty();
    }

    public Limit perAddress(Endpoint endpoint) {
        return perAddress.get(endpoint);
    }

    public Limit loginPerEmail() {
        return loginPerEmail;
    }

    /** The longest window of these limits, so a replica counting alone (Redis down) keeps its counts that long. */
    int longestWindowSeconds() {
        return Math.max(loginPerEmail.windowSeconds(),
                perAddress.values().stream().mapToInt(Limit::windowSeconds).max().orElse(1));
    }

    static String addressKey(Endpoint endpoint, String address) {
        return "gw:rl:addr:{" + address + "}:" + endpoint.policy;
    }

    /** Named by the SHA-256 of the email as identity-service compares it (trimmed, lower case): no email is kept in Redis. */
    static String emailKey(String email) {
        return "gw:rl:email:{" + sha256(email) + "}:login";
    }

    /**
     * The email of a JSON login body, as identity-service reads it (trimmed, lower case), or empty when the
     * body holds none: such a login cannot succeed, so it is counted only per address.
     */
    public static Optional<String> loginEmail(Buffer body) {
        if (body.length() == 0) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = JSON.readTree(body.getBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
        JsonNode email = json == null ? null : json.get("email");
        if (email == null || !email.isTextual()) {
            return Optional.empty();
        }
        return Optional.of(email.textValue().trim().toLowerCase(Locale.ROOT));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
