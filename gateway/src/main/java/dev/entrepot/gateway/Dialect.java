package dev.entrepot.gateway;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.entrepot.platform.service.Dialects;
import io.vertx.core.http.HttpMethod;

/**
 * The API a request speaks (docs/dialects.md): the canonical one under {@code /api/v1/}, or a dialect whose
 * clients were written against another API. A dialect's request is read as the canonical request it stands
 * for (path, and where the dialect uses another verb, method), and its name goes to the service in
 * {@link Dialects#HEADER}, so the service renders its answer in the dialect's shape. The gateway alone sets that
 * header: whatever a caller sent under its name is dropped.
 */
enum Dialect {

    CANONICAL(null),
    /** PackageX's clients: {@code /v1/...}, GET and POST only, errors as strings. */
    PACKAGEX(Dialects.PACKAGEX),
    /** Pizzly's clients: {@code /api/{connector}/configurations|authentications/...}. */
    PIZZLY(Dialects.PIZZLY),
    /** Piranya's clients: {@code /piranyaplatform/data/{Type}.{format}} and {@code /users/accesstoken}. */
    PIRANYA(Dialects.PIRANYA);

    private static final String PACKAGEX_PREFIX = "/v1/";
    private static final String PIZZLY_PREFIX = "/api/";
    private static final String CONNECTORS = Routes.PREFIX + "connectors/";
    private static final String PIRANYA_PLATFORM = "/piranyaplatform";
    private static final String PIRANYA_DATA = "/data/";
    private static final String PIRANYA_ACCESS_TOKEN = "/users/accesstoken";
    /** {@code User.json}: a singular CamelCase type and a format. */
    private static final Pattern PIRANYA_TYPE = Pattern.compile("([A-Z][A-Za-z]{0,63})\\.(json|xml|csv|pdf)");

    /** A request as the canonical API names it. */
    record Canonical(HttpMethod method, String path) {
    }

    /** The dialect's name in {@link Dialects#HEADER}, or null for the canonical API. */
    final String headerValue;

    Dialect(String headerValue) {
        this.headerValue = headerValue;
    }

    static Dialect of(String path) {
        if (path == null || path.startsWith(Routes.PREFIX)) {
            return CANONICAL;
        }
        if (path.startsWith(PACKAGEX_PREFIX)) {
            return PACKAGEX;
        }
        String piranya = path.startsWith(PIRANYA_PLATFORM + "/") ? path.substring(PIRANYA_PLATFORM.length()) : path;
        if (piranya.startsWith(PIRANYA_DATA) || piranya.equals(PIRANYA_ACCESS_TOKEN)) {
            return PIRANYA;
        }
        // /api/v1 alone is the canonical API's, not a connector named v1.
        return path.startsWith(PIZZLY_PREFIX) && !path.equals("/api/v1") ? PIZZLY : CANONICAL;
    }

    /**
     * The canonical request this dialect's request stands for, or null when the dialect has no such request.
     * {@code fromAnotherSite}: a browser says the request comes from another site's page
     * ({@code Sec-Fetch-Site}); a dialect's GET that stands for a write is then left a GET, which the service refuses.
     */
    Canonical canonical(HttpMethod method, String path, boolean fromAnotherSite) {
        return switch (this) {
            case CANONICAL -> new Canonical(method, path);
            case PACKAGEX -> new Canonical(method, Routes.PREFIX + path.substring(PACKAGEX_PREFIX.length()));
            case PIZZLY -> pizzly(method, path, fromAnotherSite);
            case PIRANYA -> piranya(method, path, fromAnotherSite);
        };
    }

    /**
     * Piranya's {@code data/{Type}.{format}} is the entity's collection: GET lists, POST creates, PUT changes
     * the fields each item sends (the canonical bulk PATCH), DELETE deletes. {@code users/accesstoken}, by GET
     * (as its overview links it) or POST, creates an access token.
     */
    private static Canonical piranya(HttpMethod method, String path, boolean fromAnotherSite) {
        String rest = path.startsWith(PIRANYA_PLATFORM + "/") ? path.substring(PIRANYA_PLATFORM.length()) : path;
        if (rest.equals(PIRANYA_ACCESS_TOKEN)) {
            boolean createByGet = method == HttpMethod.GET && !fromAnotherSite;
            // a GET from another site's page creates nothing: it does not translate (404)
            return method == HttpMethod.POST || createByGet ? new Canonical(HttpMethod.POST, Routes.PREFIX + "auth/access-tokens")
                    : null;
        }
        Matcher type = PIRANYA_TYPE.matcher(rest.substring(PIRANYA_DATA.length()));
        if (!type.matches()) {
            return null;
        }
        return new Canonical(method == HttpMethod.PUT ? HttpMethod.PATCH : method,
                Routes.PREFIX + plural(type.group(1)) + "." + type.group(2));
    }

    /** {@code Category} → {@code categories}, {@code StockLevel} → {@code stock_levels}. */
    static String plural(String type) {
        String snake = type.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return snake.matches(".*[^aeiou]y") ? snake.substring(0, snake.length() - 1) + "ies" : snake + "s";
    }

    /**
     * Pizzly's verbs: GET reads, PUT saves (creates), POST updates, DELETE deletes; its own overview also has
     * POST create a configuration and PUT update one, and GET refresh an authentication: each is taken.
     */
    private static Canonical pizzly(HttpMethod method, String path, boolean fromAnotherSite) {
        String rest = path.substring(PIZZLY_PREFIX.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1); // /api/github/ as its overview writes it
        }
        String[] segments = rest.split("/", -1);
        String connector = CONNECTORS + segments[0];
        boolean configurations = segments.length > 1 && segments[1].equals("configurations");
        boolean authentications = segments.length > 1 && segments[1].equals("authentications");
        if (segments.length == 1) {
            return method == HttpMethod.GET ? new Canonical(method, connector) : null; // Pizzly reads an integration only
        }
        if (segments.length == 2 && configurations) {
            return new Canonical(method == HttpMethod.PUT ? HttpMethod.POST : method, connector + "/configurations");
        }
        if (segments.length == 3 && configurations) {
            boolean update = method == HttpMethod.PUT || method == HttpMethod.POST;
            return new Canonical(update ? HttpMethod.PATCH : method, connector + "/configurations/" + segments[2]);
        }
        if (segments.length == 2 && authentications) {
            return new Canonical(method, connector + "/connections");
        }
        if (segments.length == 3 && authentications) {
            return new Canonical(method, connector + "/connections/" + segments[2]);
        }
        if (segments.length == 4 && authentications && segments[3].equals("refresh")) {
            boolean refreshByGet = method == HttpMethod.GET && !fromAnotherSite;
            return new Canonical(refreshByGet ? HttpMethod.POST : method, connector + "/connections/" + segments[2] + "/refresh");
        }
        return null;
    }
}
