package dev.entrepot.gateway;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.entrepot.platform.testing.LocalHttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One real HTTP server in the place of every service behind the gateway. As identity-service it answers
 * {@code POST /internal/v1/authenticate} for the credentials a test registered ({@link #accept}) and counts
 * how often each was asked; as every service it answers any {@code /api/v1/...} request with 200 and keeps
 * what it received ({@link #received}), so a test can tell whether a request reached a service and how.
 * The gateway also trusts 127.0.0.2 as a proxy here, so a test can connect from there and name its
 * client in {@code X-Forwarded-For}.
 */
public class ServicesStub implements QuarkusTestResourceLifecycleManager {

    public static final String TRUSTED_PROXY = "127.0.0.2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ObjectNode> CREDENTIALS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> ASKED = new ConcurrentHashMap<>();
    private static final Queue<Request> RECEIVED = new ConcurrentLinkedQueue<>();

    /** What a service received: method, path and query, headers (names in lower case) and body. */
    public record Request(String method, String uri, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private HttpServer server;

    /** identity-service resolves {@code authorization} to this organization and subject from now on. */
    public static void accept(String authorization, String organization, String subject) {
        CREDENTIALS.put(authorization, JSON.createObjectNode().put("organization_id", organization).put("subject", subject)
                .put("credential_id", "cred-" + subject).putNull("integration")
                .put("token", "internal-" + UUID.randomUUID()).put("expires_in", 300));
    }

    /** identity-service refuses {@code authorization} from now on (a changed password, a disabled user). */
    public static void refuse(String authorization) {
        CREDENTIALS.remove(authorization);
    }

    /** How often the gateway asked identity-service about {@code authorization}. */
    public static int asked(String authorization) {
        AtomicInteger count = ASKED.get(authorization);
        return count == null ? 0 : count.get();
    }

    /** The requests the services received whose path and query contain {@code text}. */
    public static List<Request> received(String text) {
        return RECEIVED.stream().filter(request -> request.uri().contains(text)).toList();
    }

    @Override
    public Map<String, String> start() {
        server = LocalHttpServer.start(Map.of("/internal/v1/authenticate", this::authenticate, "/", this::service));
        String url = LocalHttpServer.url(server);
        return Map.of("gateway.services.identity.url", url, "gateway.services.catalog.url", url,
                "gateway.services.orders.url", url, "gateway.services.integrations.url", url,
                "gateway.trusted-proxies", TRUSTED_PROXY);
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    private void authenticate(HttpExchange exchange) throws IOException {
        String authorization = JSON.readTree(exchange.getRequestBody()).path("authorization").asText();
        ASKED.computeIfAbsent(authorization, a -> new AtomicInteger()).incrementAndGet();
        JsonNode claims = CREDENTIALS.get(authorization);
        if (claims == null) {
            LocalHttpServer.reply(exchange, 401, "{\"reason\":\"unknown credential\"}");
            return;
        }
        LocalHttpServer.reply(exchange, 200, JSON.createObjectNode().set("data", claims).toString());
    }

    private void service(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
        RECEIVED.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
        LocalHttpServer.reply(exchange, 200, "{\"data\":{},\"status\":200}");
    }
}
