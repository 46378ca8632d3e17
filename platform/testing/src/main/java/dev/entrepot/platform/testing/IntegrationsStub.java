package dev.entrepot.platform.testing;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server on a free port in integrations-service's place for an entity service's tests:
 * {@code PATCH /internal/v1/integrations-data/{entity}/{id}} applies the patch (a value sets a key, null
 * deletes it), {@code PATCH /internal/v1/integrations-data/{entity}} each item's of a batch, and answers with each namespace's new state and a new version, as integrations-service
 * does; limits and namespaces are not checked here (integrations-service's own tests and the system
 * tests do that). {@link #refuseNext} makes it answer with a given error, {@link #down} with 503,
 * {@link #beforeNextWrite} runs something while a write is in flight, and it remembers the last request
 * and what it holds ({@link #held}).
 */
public class IntegrationsStub implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, Map<String, String>> NAMESPACES = new ConcurrentHashMap<>();
    private static final AtomicLong VERSIONS = new AtomicLong(System.currentTimeMillis());
    private static volatile Request last;
    private static volatile Integer refusalStatus;
    private static volatile String refusalBody;
    private static volatile boolean down;
    private static volatile Runnable beforeNextWrite;

    private HttpServer server;

    /** What the entity service sent: the path after {@code integrations-data/}, query, Authorization and body. */
    public record Request(String path, String query, String authorization, JsonNode body) {
    }

    public static Request lastRequest() {
        return last;
    }

    /** The next write answers {@code status} with {@code errorEnvelope} (JSON) instead of applying anything. */
    public static void refuseNext(int status, String errorEnvelope) {
        refusalBody = errorEnvelope;
        refusalStatus = status;
    }

    public static void down(boolean isDown) {
        down = isDown;
    }

    /** Runs {@code action} when the next write arrives, before it is applied and answered. */
    public static void beforeNextWrite(Runnable action) {
        beforeNextWrite = action;
    }

    /** The keys held for {@code <entity>/<id>/<integration>}, empty if none. */
    public static Map<String, String> held(String namespace) {
        Map<String, String> values = NAMESPACES.getOrDefault(namespace, Map.of());
        synchronized (values) {
            return Map.copyOf(values);
        }
    }

    @Override
    public Map<String, String> start() {
        server = LocalHttpServer.start(Map.of("/internal/v1/integrations-data/", this::answer));
        return Map.of("entrepot.integrations.url", LocalHttpServer.url(server));
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring("/internal/v1/integrations-data/".length());
        JsonNode body = MAPPER.readTree(exchange.getRequestBody());
        last = new Request(path, exchange.getRequestURI().getQuery(), exchange.getRequestHeaders().getFirst("Authorization"), body);
        Runnable action = beforeNextWrite;
        if (action != null) {
            beforeNextWrite = null;
            action.run();
        }
        if (down) {
            LocalHttpServer.reply(exchange, 503, "{\"status\":503}");
            return;
        }
        Integer status = refusalStatus;
        if (status != null) {
            refusalStatus = null;
            LocalHttpServer.reply(exchange, status, refusalBody);
            return;
        }
        ObjectNode answer = MAPPER.createObjectNode();
        if (path.contains("/")) {
            answer.set("data", write(path, body));
        } else { // a batch: {"data": [{"record_id": …, "integrationsData": {…}}]}
            ArrayNode records = answer.putArray("data");
            body.path("data").forEach(item -> records.addObject().put("record_id", item.path("record_id").asText())
                    .set("namespaces", write(path + "/" + item.path("record_id").asText(), item.path("integrationsData"))));
        }
        LocalHttpServer.reply(exchange, 200, answer.toString());
    }

    /** Applies one record's patch; answers its namespaces' new states. */
    private static ArrayNode write(String record, JsonNode patch) {
        ArrayNode data = MAPPER.createArrayNode();
        patch.properties().forEach(namespace -> {
            Map<String, String> values = NAMESPACES.computeIfAbsent(record + "/" + namespace.getKey(), key -> new TreeMap<>());
            synchronized (values) {
                namespace.getValue().properties().forEach(key -> {
                    if (key.getValue().isNull()) {
                        values.remove(key.getKey());
                    } else {
                        values.put(key.getKey(), key.getValue().asText());
                    }
                });
                ObjectNode written = data.addObject().put("integration", namespace.getKey()).put("version", VERSIONS.incrementAndGet());
                ObjectNode keys = written.putObject("values");
                values.forEach(keys::put);
            }
        });
        return data;
    }

}
