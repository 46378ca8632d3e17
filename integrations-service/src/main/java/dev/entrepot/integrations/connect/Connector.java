package dev.entrepot.integrations.connect;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.FieldError;

/**
 * A third-party API as a connector file describes it, in the shape of a Pizzly integration file:
 * <pre>
 * {"id": "github", "name": "GitHub", "image": "https://…",
 *  "auth": {"authType": "OAUTH2", "authorizationURL": "…", "tokenURL": "…",
 *           "authorizationParams": {…}, "tokenParams": {…}},
 *  "request": {"baseURL": "https://api.github.com", "headers": {"Authorization": "token ${auth.accessToken}"}},
 *  "budget": {"requests": 60, "window": "PT1M"}}
 * </pre>
 * {@code budget} (optional, default 100 a minute) is how many proxied calls one connection may make per
 * window. Every file, shipped or posted, is checked here; every problem is named by its path: a field not
 * above, a URL the {@link UrlGuard} refuses, a header that could not be sent as it is (or that only the
 * HTTP client sets: {@code Host}, {@code Content-Length}, {@code Connection}, …). A file stored before a
 * rule was added is read back as it is ({@link #stored}); the guard checks its URLs again before each call.
 */
public record Connector(String id, String name, String image, String authType, String authorizationUrl, String tokenUrl,
        Map<String, String> authorizationParams, Map<String, String> tokenParams, String baseUrl, Map<String, String> headers,
        int budgetRequests, Duration budgetWindow, JsonNode definition) {

    public static final Set<String> AUTH_TYPES = Set.of("OAUTH2", "OAUTH1", "API_KEY", "BASIC");
    private static final int MAX_HEADERS = 20;
    private static final Set<String> FIELDS = Set.of("id", "name", "image", "auth", "request", "budget");
    private static final Set<String> AUTH_FIELDS = Set.of("authType", "authorizationURL", "tokenURL", "authorizationParams", "tokenParams");
    private static final Set<String> REQUEST_FIELDS = Set.of("baseURL", "headers");
    private static final Set<String> BUDGET_FIELDS = Set.of("requests", "window");
    private static final String HEADER_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}";

    public boolean isOAuth2() {
        return authType.equals("OAUTH2");
    }

    /** Reads and checks a connector file; a 422 names every problem. Its URLs' names are not resolved here. */
    public static Connector parse(JsonNode file, UrlGuard guard) {
        return parse(file, guard, true);
    }

    /** Reads a file stored earlier, without the checks a new one passes (its URLs are checked before each call). */
    public static Connector stored(JsonNode file) {
        return parse(file, null, false);
    }

    /**
     * Refuses (422, naming each field) a URL whose host resolves, now, to an address the guard refuses: a
     * connector being added. A name that does not resolve yet passes; every call checks again.
     */
    public void checkResolved(UrlGuard guard) {
        List<FieldError> errors = new ArrayList<>();
        url("auth.authorizationURL", authorizationUrl, guard::resolvedRefusal, errors);
        url("auth.tokenURL", tokenUrl, guard::resolvedRefusal, errors);
        url("request.baseURL", baseUrl, guard::resolvedRefusal, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    private static Connector parse(JsonNode file, UrlGuard guard, boolean strict) {
        List<FieldError> errors = new ArrayList<>();
        if (file == null || !file.isObject()) {
            throw ApiException.validation(null, "A connector is a JSON object");
        }
        if (strict) {
            Input.unknownFields(file, "", FIELDS, "connector", errors);
            Input.unknownFields(file.path("auth"), "auth", AUTH_FIELDS, "connector", errors);
            Input.unknownFields(file.path("request"), "request", REQUEST_FIELDS, "connector", errors);
            Input.unknownFields(file.path("budget"), "budget", BUDGET_FIELDS, "connector", errors);
            Input.noNul(file, "", errors);
        }
        String id = text(file, "id", errors, true);
        if (id != null && !id.matches("[a-z0-9][a-z0-9-]{1,39}")) {
            errors.add(FieldError.of("id", "id has 2 to 40 lowercase letters, digits or dashes"));
        }
        String name = text(file, "name", errors, true);
        String image = text(file, "image", errors, false);
        JsonNode auth = file.path("auth");
        String authType = text(auth, "authType", errors, true, "auth.");
        if (authType != null && !AUTH_TYPES.contains(authType)) {
            errors.add(FieldError.of("auth.authType", "auth.authType is one of " + AUTH_TYPES));
        }
        String authorizationUrl = text(auth, "authorizationURL", errors, "OAUTH2".equals(authType), "auth.");
        String tokenUrl = text(auth, "tokenURL", errors, "OAUTH2".equals(authType), "auth.");
        if (guard != null) {
            url("auth.authorizationURL", authorizationUrl, guard::refusal, errors);
            url("auth.tokenURL", tokenUrl, guard::refusal, errors);
        }
        Map<String, String> authorizationParams = strings(auth.path("authorizationParams"), "auth.authorizationParams", errors);
        Map<String, String> tokenParams = strings(auth.path("tokenParams"), "auth.tokenParams", errors);
        JsonNode request = file.path("request");
        String baseUrl = text(request, "baseURL", errors, true, "request.");
        if (guard != null) {
            url("request.baseURL", baseUrl, guard::refusal, errors);
        }
        if (baseUrl != null && (baseUrl.contains("?") || baseUrl.contains("#"))) {
            errors.add(FieldError.of("request.baseURL", "request.baseURL has no query or fragment"));
        }
        Map<String, String> headers = strings(request.path("headers"), "request.headers", errors);
        if (headers.size() > MAX_HEADERS) {
            errors.add(FieldError.of("request.headers", "request.headers has at most " + MAX_HEADERS + " headers"));
        }
        if (strict) {
            headers.forEach((header, value) -> {
                String field = "request.headers." + header;
                if (!header.matches(HEADER_NAME)) {
                    errors.add(FieldError.of(field, field + ": a header name is a token of letters, digits and !#$%&'*+.^_`|~-"));
                } else if (ThirdPartyHttp.RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                    errors.add(FieldError.of(field, field + ": the HTTP client sets " + header + " itself"));
                } else if (value.length() > 2000 || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                    errors.add(FieldError.of(field, field + " is text of at most 2000 characters without control characters"));
                }
            });
        }
        int requests = 100;
        Duration window = Duration.ofMinutes(1);
        JsonNode budget = file.path("budget");
        if (!budget.isMissingNode() && !budget.isNull()) {
            JsonNode given = budget.path("requests");
            requests = given.isIntegralNumber() && given.canConvertToInt() ? given.intValue() : -1;
            if (requests < 1 || requests > 100_000) {
                errors.add(FieldError.of("budget.requests", "budget.requests is a whole number from 1 to 100000"));
            }
            JsonNode windowGiven = budget.path("window");
            try {
                if (!windowGiven.isMissingNode() && !windowGiven.isTextual()) {
                    throw new DateTimeParseException("not text", windowGiven.toString(), 0);
                }
                window = Duration.parse(windowGiven.asText("PT1M"));
                if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
                    errors.add(FieldError.of("budget.window", "budget.window is 1 second to 1 hour"));
                }
            } catch (DateTimeParseException e) {
                errors.add(FieldError.of("budget.window", "budget.window is an ISO-8601 duration, e.g. PT1M"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new Connector(id, name, image, authType, authorizationUrl, tokenUrl, authorizationParams, tokenParams,
                baseUrl.replaceFirst("/+$", ""), headers, requests, window, file);
    }

    /** The connector as the API shows it: the file as it was given. */
    public ObjectNode json() {
        return definition.deepCopy();
    }

    private static void url(String field, String url, UnaryOperator<String> check, List<FieldError> errors) {
        if (url != null) {
            String refusal = check.apply(url);
            if (refusal != null) {
                errors.add(FieldError.of(field, field + " " + refusal));
            }
        }
    }

    private static String text(JsonNode node, String field, List<FieldError> errors, boolean required) {
        return text(node, field, errors, required, "");
    }

    private static String text(JsonNode node, String field, List<FieldError> errors, boolean required, String prefix) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                errors.add(FieldError.of(prefix + field, prefix + field + " is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank() || value.textValue().length() > 2000) {
            errors.add(FieldError.of(prefix + field, prefix + field + " is text of at most 2000 characters"));
            return null;
        }
        return value.textValue();
    }

    private static Map<String, String> strings(JsonNode node, String field, List<FieldError> errors) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            errors.add(FieldError.of(field, field + " is an object of strings"));
            return values;
        }
        node.properties().forEach(entry -> {
            if (entry.getValue().isTextual()) {
                values.put(entry.getKey(), entry.getValue().textValue());
            } else {
                errors.add(FieldError.of(field + "." + entry.getKey(), field + "." + entry.getKey() + " is a string"));
            }
        });
        return values;
    }
}
