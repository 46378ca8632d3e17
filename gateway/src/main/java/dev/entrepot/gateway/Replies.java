package dev.entrepot.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.service.Dialects;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/**
 * The answers the gateway writes itself, in the envelope of docs/architecture.md#public-api (the same shape the
 * services' {@code Envelope} writes; the gateway has no entities, so it needs only these two).
 */
final class Replies {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Replies() {
    }

    /** A refusal; to Piranya's clients in their envelope, as their services' answers are (docs/dialects.md). */
    static Future<Void> error(HttpServerResponse response, Refusal refusal, String endpoint, Dialect dialect,
            String acceptLanguage) {
        if (dialect == Dialect.PIRANYA) {
            ObjectNode body = JSON.objectNode();
            body.put("api_version", Dialects.Piranya.API_VERSION);
            body.put("locale", Dialects.Piranya.locale(acceptLanguage));
            body.putArray("data");
            body.put("result", "error");
            body.put("message", refusal.getMessage());
            body.put("error_code", refusal.errorCode());
            body.putArray("errors");
            return write(response, refusal.status(), body);
        }
        ObjectNode body = JSON.objectNode();
        body.put("code", refusal.status());
        body.put("status", refusal.status());
        body.put("error", refusal.getMessage());
        body.put("message", refusal.getMessage());
        body.put("error_code", refusal.errorCode());
        body.putObject("details").put("message", refusal.getMessage());
        body.putArray("errors");
        body.put("endpoint", endpoint);
        return write(response, refusal.status(), body);
    }

    static void record(HttpServerResponse response, ObjectNode data, String endpoint) {
        ObjectNode body = JSON.objectNode();
        body.set("data", data);
        body.putObject("meta");
        body.put("message", "OK");
        body.put("status", 200);
        body.putArray("errors");
        body.putNull("error_code");
        body.put("endpoint", endpoint);
        write(response, 200, body);
    }

    private static Future<Void> write(HttpServerResponse response, int status, ObjectNode body) {
        return response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }
}
