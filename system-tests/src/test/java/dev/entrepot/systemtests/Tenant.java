package dev.entrepot.systemtests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.systemtests.ApiDocs.Operation;
import dev.entrepot.systemtests.Probe.Answer;
import dev.entrepot.systemtests.Probe.Request;

/**
 * A fresh organization for the outside probes, with one record of each kind it can make: what a path's
 * {@code {id}} is filled with, and a valid body for each write, so that a hostile value is met by the
 * code behind validation and lookup rather than refused before it. Its owner's session speaks to
 * identity-service, an API key of its integration {@code probe} (which may write integration data) to
 * the others, as clients of each kind do.
 */
final class Tenant {

    static final String PASSWORD = "Probe-pass-12345";
    /** The namespace of this tenant's integration in {@code integrationsData}. */
    static final String NAMESPACE = "probe";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger SERIAL = new AtomicInteger();
    /** identity-service's paths: called with the owner's session; the rest with the API key. */
    private static final List<String> SESSION_PATHS = List.of("/api/v1/auth", "/api/v1/me", "/api/v1/users",
            "/api/v1/departments", "/api/v1/integrations");
    /** The paths a caller reaches without a credential. */
    private static final List<String> OPEN_PATHS = List.of("/api/v1/auth/signup", "/api/v1/auth/login",
            "/api/v1/auth/refresh", "/api/v1/oauth/callback");

    final Probe probe;
    final String name;
    final String email;
    final String session;
    final String key;
    final String integrationId;
    /** The outside id this tenant's product carries in {@code integrationsData.probe.external_id}. */
    final String externalId = "EXT-" + unique();
    /** Record ids by the template prefix that ends in the parameter they fill ({@code /api/v1/brands/{id}}). */
    private final Map<String, String> ids = new ConcurrentHashMap<>();
    /** Ids for a parameter that ends the whole template, where it differs from the same prefix inside a longer one. */
    private final Map<String, String> endingIds = new ConcurrentHashMap<>();
    private final Map<String, String> missing = new ConcurrentHashMap<>();

    private Tenant(Probe probe, String name, String email, String session, String key, String integrationId) {
        this.probe = probe;
        this.name = name;
        this.email = email;
        this.session = session;
        this.key = key;
        this.integrationId = integrationId;
    }

    static String unique() {
        return RUN + "-" + SERIAL.incrementAndGet();
    }

    /** Signs up a new organization and gives it the integration {@code probe}, allowed to write data, with one key. */
    static Tenant signUp(Probe probe, String name) {
        String email = "probe-" + unique() + "@example.com";
        JsonNode login = expect(probe.send(Request.of("POST", "/api/v1/auth/signup", "signup")
                .json(object("organization", name, "email", email, "password", PASSWORD))), 201).path("data");
        String session = "Bearer " + login.path("token").asText();
        String integration = expect(probe.send(Request.of("POST", "/api/v1/integrations", "integration").header("Authorization", session)
                .json(object("name", NAMESPACE, "allow_write_data", true))), 201).path("data").path("id").asText();
        String key = expect(probe.send(Request.of("POST", "/api/v1/integrations/" + integration + "/keys", "key")
                .header("Authorization", session).json(object("name", "probe key"))), 201).path("data").path("key").asText();
        return new Tenant(probe, name, email, session, key, integration);
    }

    /** The Authorization this tenant sends on {@code path}, or null where a caller needs none. */
    String credentialFor(String path) {
        for (String open : OPEN_PATHS) {
            if (path.startsWith(open)) {
                return null;
            }
        }
        for (String prefix : SESSION_PATHS) {
            if (path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + "?") || path.startsWith(prefix + ".")) {
                return session;
            }
        }
        return key;
    }

    /** A request of this tenant: its credential, and JSON asked for. */
    Request request(String method, String path, String what) {
        Request request = Request.of(method, path, what).header("Accept", "application/json");
        String credential = credentialFor(path);
        return credential == null ? request : request.header("Authorization", credential);
    }

    JsonNode call(String method, String path, JsonNode body, int expected) {
        Request request = request(method, path, "setup");
        return expect(probe.send(body == null ? request : request.json(body)), expected);
    }

    /**
     * One record of every kind this organization can make, each referring to the others where it can:
     * brand, category, product (with integration data), location, stock (an adjustment), customer, an
     * order that went through the saga (so a reservation), department with a member, a second
     * integration with a key, an access token, a connector of its own, a configuration and an imported
     * connection of GitHub.
     */
    Tenant seed() throws InterruptedException {
        String brand = id(call("POST", "/api/v1/brands", createBody("/api/v1/brands"), 201));
        ids.put("/api/v1/brands/{id}", brand);
        String category = id(call("POST", "/api/v1/categories", createBody("/api/v1/categories"), 201));
        ids.put("/api/v1/categories/{id}", category);
        ObjectNode product = object("sku", "PRB-" + unique(), "name_en", "Probe kettle", "price", 10, "currency", "SAR",
                "brand_id", brand, "attributes", object("colour", "red"));
        product.putArray("category_ids").add(category);
        product.putArray("images").add("https://example.com/kettle.png");
        String productId = id(call("POST", "/api/v1/products", product, 201));
        ids.put("/api/v1/products/{id}", productId);
        call("PATCH", "/api/v1/products/" + productId, object("integrationsData." + NAMESPACE + ".external_id", externalId), 200);
        String location = id(call("POST", "/api/v1/locations", createBody("/api/v1/locations"), 201));
        ids.put("/api/v1/locations/{id}", location);
        ids.put("/api/v1/inventory/adjustments/{id}", id(call("POST", "/api/v1/inventory/adjustments",
                object("product_id", productId, "location_id", location, "delta", 100, "reason", "opening stock"), 201)));
        String customer = id(call("POST", "/api/v1/customers", createBody("/api/v1/customers"), 201));
        ids.put("/api/v1/customers/{id}", customer);
        ObjectNode order = object("currency", "SAR", "customer_id", customer, "location_id", location, "notes", "probe order");
        order.putArray("lines").add(object("product_id", productId, "quantity", 1));
        String orderId = id(call("POST", "/api/v1/orders", order, 201));
        ids.put("/api/v1/orders/{id}", orderId);

        String department = id(call("POST", "/api/v1/departments", createBody("/api/v1/departments"), 201));
        ids.put("/api/v1/departments/{id}", department);
        String user = id(call("POST", "/api/v1/users", createBody("/api/v1/users"), 201));
        ids.put("/api/v1/users/{id}", user);
        call("PUT", "/api/v1/departments/" + department + "/members/" + user, object("role", "reader"), 200);
        ids.put("/api/v1/departments/{id}/members/{userId}", user);
        // A second integration, so that what is done to /integrations/{id} never touches the key this tenant calls with.
        String integration = id(call("POST", "/api/v1/integrations", createBody("/api/v1/integrations"), 201));
        ids.put("/api/v1/integrations/{id}", integration);
        ids.put("/api/v1/integrations/{id}/keys/{keyId}",
                id(call("POST", "/api/v1/integrations/" + integration + "/keys", object("name", "spare"), 201)));
        ids.put("/api/v1/auth/access-tokens/{id}", id(call("POST", "/api/v1/auth/access-tokens", createBody("/api/v1/auth/access-tokens"), 201)));

        endingIds.put("/api/v1/connectors/{connector}", id(call("POST", "/api/v1/connectors", createBody("/api/v1/connectors"), 201)));
        ids.put("/api/v1/connectors/{connector}", "github");
        ids.put("/api/v1/oauth/connect/{connector}", "github");
        String configuration = id(call("POST", "/api/v1/connectors/github/configurations",
                createBody("/api/v1/connectors/{connector}/configurations"), 201));
        ids.put("/api/v1/connectors/{connector}/configurations/{id}", configuration);
        String connection = id(call("POST", "/api/v1/connectors/github/connections",
                object("configuration_id", configuration, "credentials", object("accessToken", "probe-access-token-" + unique(),
                        "expiresAt", "2030-01-01T00:00:00Z")), 201));
        ids.put("/api/v1/connectors/{connector}/connections/{id}", connection);
        ids.put("/api/v1/proxy/{connection}", connection);
        ids.put("/api/v1/proxy/{connection}/{path}", "user");
        ids.put("/internal/v1/integrations-data/{entity}", "products");
        ids.put("/internal/v1/integrations-data/{entity}/{id}", productId);

        awaitSettled(orderId);
        ids.put("/api/v1/inventory/{id}", firstId("/api/v1/inventory"));
        ids.put("/api/v1/inventory/reservations/{id}", firstId("/api/v1/inventory/reservations"));
        return this;
    }

    /** Waits until the order left {@code pending} (the saga reserved its stock or refused it). */
    private void awaitSettled(String order) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (call("GET", "/api/v1/orders/" + order, null, 200).path("data").path("status").asText().equals("pending")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("order " + order + " still pending after 60 s");
            }
            Thread.sleep(250);
        }
    }

    private String firstId(String collection) {
        JsonNode data = call("GET", collection, null, 200).path("data");
        if (data.size() == 0) {
            throw new IllegalStateException(collection + " has no record of " + name);
        }
        return data.get(0).path("id").asText();
    }

    /**
     * {@code template} with this tenant's ids in its parameters, or null when one has none (then
     * {@link #missing()} says which). A parameter this tenant made no record for is filled from the
     * first record its collection lists, so a new entity is addressed as soon as it has a record.
     */
    String resolve(String template) {
        return resolve(template, true);
    }

    /** {@link #resolve} for a template that may name no record, without noting it as missing. */
    String resolveQuietly(String template) {
        return resolve(template, false);
    }

    private String resolve(String template, boolean noteMissing) {
        StringBuilder path = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                path.append(template, at, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            path.append(template, at, open);
            String prefix = template.substring(0, close + 1);
            String value = close + 1 == template.length() && endingIds.containsKey(prefix) ? endingIds.get(prefix) : ids.get(prefix);
            if (value == null) {
                value = listedId(prefix, path.toString());
            }
            if (value == null) {
                if (noteMissing) {
                    missing.put(template, "no record for " + template.substring(open, close + 1) + " of " + template);
                }
                return null;
            }
            path.append(value);
            at = close + 1;
        }
        return path.toString();
    }

    /**
     * Every id of this tenant that fills parameter {@code index} of {@code template} (most often one;
     * a connector has GitHub's and its own), resolving the template first so that listed ids are known.
     */
    List<String> idsFor(String template, int index) {
        resolveQuietly(template);
        int open = -1;
        for (int i = 0; i <= index; i++) {
            open = template.indexOf('{', open + 1);
        }
        String prefix = template.substring(0, template.indexOf('}', open) + 1);
        List<String> values = new ArrayList<>();
        for (String value : new String[] { ids.get(prefix), endingIds.get(prefix) }) {
            if (value != null && !values.contains(value)) {
                values.add(value);
            }
        }
        return values;
    }

    /** Every record id this tenant made or found, by the template prefix it fills. */
    Map<String, String> allIds() {
        Map<String, String> all = new java.util.TreeMap<>(ids);
        endingIds.forEach((prefix, id) -> all.put(prefix + " (ending)", id));
        return all;
    }

    private String listedId(String prefix, String collectionPath) {
        String collection = collectionPath.endsWith("/") ? collectionPath.substring(0, collectionPath.length() - 1) : collectionPath;
        Answer answer = probe.send(request("GET", collection, "lookup"));
        JsonNode data = answer.status() == 200 && answer.json() != null ? answer.json().path("data") : null;
        if (data == null || !data.isArray() || data.size() == 0) {
            return null;
        }
        JsonNode first = data.get(0);
        String id = first.hasNonNull("id") ? first.path("id").asText() : null;
        if (id != null) {
            ids.put(prefix, id);
        }
        return id;
    }

    /** Templates whose parameters this tenant could not fill, with why. */
    Map<String, String> missing() {
        return Map.copyOf(missing);
    }

    /**
     * A body that {@code operation} accepts as it is (fresh values for the unique fields), or null when
     * none is known: for a write that takes a record, the record; for the few others what they take.
     */
    ObjectNode validBody(Operation operation) {
        String template = operation.template();
        String method = operation.method();
        if (template.endsWith("/query")) {
            return object("limit", 1);
        }
        ObjectNode exact = createBody(template);
        if (exact != null) {
            return exact;
        }
        if (template.endsWith("/{id}") && (method.equals("PATCH") || method.equals("POST"))) {
            String collection = template.substring(0, template.length() - "/{id}".length());
            if (collection.equals("/api/v1/orders") || collection.startsWith("/api/v1/inventory")) {
                return object("integrationsData." + NAMESPACE + ".note", "patched");
            }
            ObjectNode whole = createBody(collection);
            if (whole == null) {
                return null;
            }
            // One field the record has, changed: the smallest valid partial update.
            Iterator<String> names = whole.fieldNames();
            String first = names.next();
            return object(first, whole.get(first));
        }
        if (template.endsWith("/{id}") && method.equals("PUT")) {
            return createBody(template.substring(0, template.length() - "/{id}".length()));
        }
        return createBody(template);
    }

    /** A valid body for POST (or PUT of a sub-resource) on {@code template}, with fresh unique values. */
    ObjectNode createBody(String template) {
        String n = unique();
        switch (template) {
            case "/api/v1/brands":
                return object("name", "Probe brand " + n, "slug", "probe-" + n.toLowerCase(java.util.Locale.ROOT), "is_enabled", true);
            case "/api/v1/categories":
                return object("name_en", "Probe category " + n, "name_ar", "فئة");
            case "/api/v1/products":
                return object("sku", "PRB-" + n, "name_en", "Probe product " + n, "price", 10, "currency", "SAR",
                        "description_en", "A kettle", "attributes", object("colour", "red"));
            case "/api/v1/locations":
                return object("name", "Probe location " + n, "code", "PL-" + n, "type", "store", "city", "Riyadh", "country", "SA");
            case "/api/v1/inventory/adjustments": {
                String product = ids.get("/api/v1/products/{id}");
                String location = ids.get("/api/v1/locations/{id}");
                return product == null ? null : object("product_id", product, "location_id", location, "delta", 1, "reason", "probe " + n);
            }
            case "/api/v1/customers":
                return object("name", "Probe customer " + n, "email", "c-" + n + "@example.com", "phone", "+966500000000");
            case "/api/v1/orders": {
                String product = ids.get("/api/v1/products/{id}");
                if (product == null) {
                    return null;
                }
                ObjectNode order = object("currency", "SAR", "customer_id", ids.get("/api/v1/customers/{id}"),
                        "location_id", ids.get("/api/v1/locations/{id}"), "notes", "probe " + n, "shipping", 1);
                order.putArray("lines").add(object("product_id", product, "quantity", 1));
                return order;
            }
            case "/api/v1/departments":
                return object("name", "Probe department " + n, "description", "probes");
            case "/api/v1/integrations":
                return object("name", "probe-" + n.toLowerCase(java.util.Locale.ROOT), "description", "probes", "enabled", true);
            case "/api/v1/integrations/{id}/keys":
                return object("name", "key " + n);
            case "/api/v1/auth/access-tokens":
                return object("name", "token " + n, "expires_in", 3600);
            case "/api/v1/users":
                return object("email", "u-" + n + "@example.com", "password", PASSWORD, "name", "Probe user", "role", "member");
            case "/api/v1/users/{id}":
                return object("name", "Probe member " + n);
            case "/api/v1/departments/{id}/members/{userId}":
                return object("role", "reader");
            case "/api/v1/orders/{id}/cancel":
                return object("reason", "probe " + n);
            case "/api/v1/auth/signup":
                return object("organization", "Probe signup " + n, "email", "s-" + n + "@example.com", "password", PASSWORD, "name", "Owner");
            case "/api/v1/auth/login":
                return object("email", email, "password", PASSWORD);
            case "/api/v1/auth/refresh":
            case "/api/v1/auth/logout":
                return object("refresh_token", "not-a-refresh-token-" + n);
            case "/api/v1/connectors": {
                ObjectNode connector = object("id", "probe-" + n.toLowerCase(java.util.Locale.ROOT), "name", "Probe API " + n,
                        "auth", object("authType", "API_KEY"));
                connector.set("request", object("baseURL", "https://api.example.com", "headers", object("X-Api-Key", "${auth.apiKey}")));
                return connector;
            }
            case "/api/v1/connectors/{connector}/configurations": {
                ObjectNode configuration = object("credentials", object("clientId", "probe-client-" + n, "clientSecret", "probe-secret-" + n));
                configuration.putArray("scopes").add("repo");
                return configuration;
            }
            case "/api/v1/connectors/{connector}/connections":
                return object("configuration_id", ids.get("/api/v1/connectors/{connector}/configurations/{id}"),
                        "credentials", object("accessToken", "probe-access-" + n, "expiresAt", "2030-01-01T00:00:00Z"));
            default:
                return null;
        }
    }

    /** The record at {@code path}, as this tenant reads it ({@code data}), or null when it reads none. */
    JsonNode read(String path) {
        Answer answer = probe.send(request("GET", path, "read"));
        return answer.status() == 200 && answer.json() != null ? answer.json().path("data") : null;
    }

    static String id(JsonNode answer) {
        return answer.path("data").path("id").asText();
    }

    static JsonNode expect(Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + ": " + answer.start(500));
        }
        return answer.json();
    }

    /** A JSON object of name/value pairs; values are strings, numbers, booleans, JSON nodes or null. */
    static ObjectNode object(Object... pairs) {
        ObjectNode node = Probe.JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.set((String) pairs[i], Probe.JSON.valueToTree(pairs[i + 1]));
        }
        return node;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Every (name, value) of an object, in order. */
    static List<Map.Entry<String, JsonNode>> fields(JsonNode object) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        object.fields().forEachRemaining(fields::add);
        return fields;
    }
}
