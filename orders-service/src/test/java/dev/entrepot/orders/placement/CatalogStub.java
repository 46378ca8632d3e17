package dev.entrepot.orders.placement;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.entrepot.platform.testing.LocalHttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server on a free port answering {@code GET /api/v1/products?id[in]=...} and
 * {@code GET /api/v1/locations?id[in]=...} the way catalog-service does, so orders-service's tests
 * control the prices and the locations; the system tests run against the real catalog-service. A
 * location is answered only to a token of its organization, as the catalog scopes every list. It
 * answers 503 while {@link #failing} is set, a given status to the next calls with {@link #answerNext},
 * counts the calls and remembers the Authorization header each call carried.
 */
public class CatalogStub implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, ObjectNode> PRODUCTS = new ConcurrentHashMap<>();
    private static final Map<String, String> AUTHORIZATION_BY_PRODUCT = new ConcurrentHashMap<>();
    /** Locations by id, each with its organization ({@code org}) beside its fields. */
    private static final Map<String, ObjectNode> LOCATIONS = new ConcurrentHashMap<>();
    private static volatile boolean failing;
    private static final java.util.Deque<Integer> NEXT_STATUSES = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

    private HttpServer server;

    /** Makes a product the stub answers with. */
    public static void product(String id, String sku, String price, String currency, boolean enabled) {
        ObjectNode product = MAPPER.createObjectNode().put("id", id).put("sku", sku).put("name_en", "Product " + sku)
                .put("currency", currency).put("is_enabled", enabled);
        if (price == null) {
            product.putNull("price");
        } else {
            product.put("price", new java.math.BigDecimal(price));
        }
        PRODUCTS.put(id, product);
    }

    /** Makes a location of {@code organization} the stub answers with. */
    public static void location(String organization, String id, boolean enabled) {
        LOCATIONS.put(id, MAPPER.createObjectNode().put("org", organization).put("id", id).put("name", "Location " + id)
                .put("is_enabled", enabled));
    }

    public static void failing(boolean fail) {
        failing = fail;
    }

    /** The next calls answer these statuses (an empty error body), one each, before answering normally again. */
    public static void answerNext(Integer... statuses) {
        NEXT_STATUSES.addAll(List.of(statuses));
    }

    /** Calls received so far. */
    public static int calls() {
        return CALLS.get();
    }

    /** The Authorization header of the last call that asked for the product. */
    public static String authorizationFor(String productId) {
        return AUTHORIZATION_BY_PRODUCT.get(productId);
    }

    @Override
    public Map<String, String> start() {
        server = LocalHttpServer.start(Map.of("/api/v1/products", this::answer, "/api/v1/locations", this::answer));
        return Map.of("entrepot.catalog.url", LocalHttpServer.url(server));
    }

    private void answer(HttpExchange exchange) throws IOException {
        CALLS.incrementAndGet();
        Integer next = NEXT_STATUSES.poll();
        if (next != null) {
            LocalHttpServer.reply(exchange, next, "{\"status\":" + next + "}");
            return;
        }
        if (failing) {
            LocalHttpServer.reply(exchange, 503, "{\"status\":503}");
            return;
        }
        boolean locations = exchange.getRequestURI().getPath().endsWith("/locations");
        String organization = organization(exchange.getRequestHeaders().getFirst("Authorization"));
        ArrayNode data = MAPPER.createArrayNode();
        String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("id[in]=")) {
                for (String id : parameter.substring("id[in]=".length()).split(",")) {
                    if (locations) {
                        ObjectNode location = LOCATIONS.get(id);
                        if (location != null && location.path("org").asText().equals(organization)) {
                            data.add(location.deepCopy().without("org"));
                        }
                        continue;
                    }
                    AUTHORIZATION_BY_PRODUCT.put(id, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                    if (PRODUCTS.containsKey(id)) {
                        data.add(PRODUCTS.get(id));
                    }
                }
            }
        }
        LocalHttpServer.reply(exchange, 200, MAPPER.createObjectNode().set("data", data).toString());
    }

    /** The {@code org} claim of a {@code Bearer} internal token (its signature is the service's to check). */
    private static String organization(String authorization) {
        try {
            String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
            return MAPPER.readTree(Base64.getUrlDecoder().decode(payload)).path("org").asText();
        } catch (RuntimeException | IOException e) {
            return "";
        }
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
