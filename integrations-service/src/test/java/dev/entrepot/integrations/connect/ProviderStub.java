package dev.entrepot.integrations.connect;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.entrepot.platform.testing.LocalHttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server on a free port playing both an OAuth 2.0 provider ({@code /oauth/token}) and the
 * third-party API behind it ({@code /api/...}). The token endpoint checks the client credentials, takes
 * the code {@value #CODE} once, rotates the refresh token on every refresh (so the old one stops working)
 * and counts refreshes; the API echoes what it received (the Host header too), and has paths that answer
 * 429 or redirect.
 */
public class ProviderStub implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "client-1";
    static final String CLIENT_SECRET = "secret-value-1-do-not-log";
    static final String CODE = "the-authorization-code";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final AtomicInteger REFRESHES = new AtomicInteger();
    static final AtomicInteger LIMITED_CALLS = new AtomicInteger();
    static final AtomicInteger STOLEN_CALLS = new AtomicInteger();
    static volatile String currentRefreshToken = "refresh-token-0";
    static volatile boolean refusing;
    static volatile int port;
    private static final AtomicInteger ISSUED = new AtomicInteger();

    private HttpServer server;

    static String base() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public Map<String, String> start() {
        server = LocalHttpServer.start(Map.of("/oauth/token", this::token, "/api/", this::api));
        port = server.getAddress().getPort();
        return Map.of();
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            LocalHttpServer.reply(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if ("authorization_code".equals(form.get("grant_type"))) {
            if (!CODE.equals(form.get("code")) || form.get("redirect_uri") == null) {
                LocalHttpServer.reply(exchange, 400, "{\"error\":\"invalid_grant\"}");
                return;
            }
            LocalHttpServer.reply(exchange, 200, tokens().toString());
            return;
        }
        if ("refresh_token".equals(form.get("grant_type"))) {
            REFRESHES.incrementAndGet();
            sleep(300); // a slow provider: concurrent callers pile up behind the first refresh
            synchronized (ProviderStub.class) {
                if (refusing || !currentRefreshToken.equals(form.get("refresh_token"))) {
                    LocalHttpServer.reply(exchange, 400, "{\"error\":\"invalid_grant\"}");
                    return;
                }
                LocalHttpServer.reply(exchange, 200, tokens().toString());
            }
            return;
        }
        LocalHttpServer.reply(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
    }

    /** New tokens; the refresh token rotates. */
    private static ObjectNode tokens() {
        int n = ISSUED.incrementAndGet();
        currentRefreshToken = "refresh-token-" + n;
        return MAPPER.createObjectNode().put("access_token", "access-token-" + n).put("refresh_token", currentRefreshToken)
                .put("expires_in", 3600).put("token_type", "bearer");
    }

    private void api(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (path.startsWith("/api/limited")) {
            if (LIMITED_CALLS.incrementAndGet() % 2 == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                LocalHttpServer.reply(exchange, 429, "{\"message\":\"slow down\"}");
            } else {
                LocalHttpServer.reply(exchange, 200, "{\"ok\":true}");
            }
            return;
        }
        if (path.startsWith("/api/very-limited")) {
            LIMITED_CALLS.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", "120");
            LocalHttpServer.reply(exchange, 429, "{\"message\":\"come back later\"}");
            return;
        }
        if (path.startsWith("/api/redirect")) {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + port + "/api/stolen");
            LocalHttpServer.reply(exchange, 302, "");
            return;
        }
        if (path.startsWith("/api/stolen")) {
            STOLEN_CALLS.incrementAndGet();
            LocalHttpServer.reply(exchange, 200, "{}");
            return;
        }
        if (path.startsWith("/api/large")) {
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'x');
                for (int i = 0; i < 32; i++) {
                    out.write(chunk);
                }
            }
            return;
        }
        ObjectNode echo = MAPPER.createObjectNode().put("method", exchange.getRequestMethod()).put("path", path)
                .put("query", exchange.getRequestURI().getRawQuery())
                .put("authorization", exchange.getRequestHeaders().getFirst("Authorization"))
                .put("host", exchange.getRequestHeaders().getFirst("Host"))
                .put("accept", exchange.getRequestHeaders().getFirst("Accept"))
                .put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.getResponseHeaders().add("X-RateLimit-Remaining", "99");
        LocalHttpServer.reply(exchange, 200, echo.toString());
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
