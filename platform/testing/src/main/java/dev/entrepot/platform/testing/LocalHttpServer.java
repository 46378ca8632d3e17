package dev.entrepot.platform.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server (the JDK's) on a free loopback port, for tests that need another service or a third
 * party in front of the one under test: {@link IntegrationsStub}, a catalog or an OAuth provider.
 */
public final class LocalHttpServer {

    private LocalHttpServer() {
    }

    /** Starts a server answering each path prefix with its handler, 16 requests at a time. */
    public static HttpServer start(Map<String, HttpHandler> handlers) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start a local HTTP server", e);
        }
        server.setExecutor(Executors.newFixedThreadPool(16));
        handlers.forEach(server::createContext);
        server.start();
        return server;
    }

    /** {@code http://127.0.0.1:<port>} of a started server. */
    public static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers with a JSON body (none when {@code body} is empty). */
    public static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
