package dev.entrepot.integrations.rest;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.api.Envelope;
import dev.entrepot.platform.service.Dialects;

/**
 * Connectors, configurations and connections as Pizzly's clients read them (docs/dialects.md, Pizzly): the
 * gateway sends their requests here as canonical ones with {@code Entrepot-Dialect: pizzly}, and this filter
 * turns the canonical answer into Pizzly's objects ({@code integration}, {@code configuration},
 * {@code authentication}, a connection being Pizzly's authentication) and messages. The secrets are masked
 * already. A refusal keeps the canonical envelope, whose {@code message} a Pizzly client shows.
 */
@Provider
public class PizzlyDialect implements ContainerResponseFilter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!Dialects.PIZZLY.equals(request.getHeaderString(Dialects.HEADER))) {
            return;
        }
        List<PathSegment> segments = request.getUriInfo().getPathSegments();
        // api, v1, connectors, {connector}[, configurations|connections[, {id}[, refresh]]]
        if (segments.size() < 4 || !segments.get(2).getPath().equals("connectors")) {
            return;
        }
        Object entity = response.getEntity();
        boolean deleted = response.getStatus() == 204 && request.getMethod().equals(HttpMethod.DELETE);
        if (!deleted && !(entity instanceof Envelope envelope && !envelope.isError() && envelope.body().path("data").isContainerNode())) {
            return; // a refusal keeps the canonical envelope
        }
        JsonNode data = deleted ? null : ((Envelope) entity).body().path("data");
        String kind = segments.size() > 4 ? segments.get(4).getPath() : "";
        boolean one = segments.size() > 5;
        JsonNode answer = switch (kind) {
            case "" -> data != null && data.isObject() ? integration(data) : null;
            case "configurations" -> configurations(request.getMethod(), one, data);
            case "connections" -> authentications(request.getMethod(), one, segments.size() > 6, data);
            default -> null;
        };
        if (answer != null) {
            response.setStatus(response.getStatus() == 204 ? 200 : response.getStatus());
            response.setEntity(answer, null, MediaType.APPLICATION_JSON_TYPE);
        }
    }

    private static JsonNode configurations(String method, boolean one, JsonNode data) {
        return switch (method) {
            case HttpMethod.GET -> one ? configuration(data) : each(data, PizzlyDialect::configuration);
            case HttpMethod.POST -> said("Configuration registered", "configuration", configuration(data));
            case HttpMethod.PATCH -> said("Configuration updated", "configuration", configuration(data));
            case HttpMethod.DELETE -> JSON.objectNode().put("message", "Configuration removed");
            default -> null;
        };
    }

    private static JsonNode authentications(String method, boolean one, boolean refresh, JsonNode data) {
        if (refresh) {
            return said("Authentication refreshed", "authentication", authentication(data));
        }
        return switch (method) {
            case HttpMethod.GET -> one ? authentication(data) : each(data, PizzlyDialect::authentication);
            case HttpMethod.POST -> said("Authentication created", "authentication", authentication(data));
            case HttpMethod.DELETE -> JSON.objectNode().put("message", "Authentication removed");
            default -> null;
        };
    }

    /** A connector as Pizzly's integration file: {@code object}, then the file as stored. */
    static ObjectNode integration(JsonNode connector) {
        ObjectNode integration = JSON.objectNode().put("object", "integration");
        integration.setAll((ObjectNode) connector);
        return integration;
    }

    static ObjectNode configuration(JsonNode configuration) {
        ObjectNode view = JSON.objectNode().put("object", "configuration");
        view.set("id", configuration.path("id"));
        view.set("scopes", configuration.path("scopes").isArray() ? configuration.path("scopes") : JSON.arrayNode());
        view.set("credentials", configuration.path("credentials"));
        return view;
    }

    /** A connection as Pizzly's authentication: its tokens (masked) and {@code updatedAt} in epoch milliseconds. */
    static ObjectNode authentication(JsonNode connection) {
        ObjectNode view = JSON.objectNode().put("object", "authentication");
        view.set("id", connection.path("id"));
        ObjectNode payload = view.putObject("payload");
        JsonNode updated = connection.path("updated");
        if (updated.isTextual()) {
            payload.put("updatedAt", Instant.parse(updated.textValue()).toEpochMilli());
        } else {
            payload.putNull("updatedAt");
        }
        payload.set("accessToken", connection.path("payload").path("accessToken"));
        payload.set("refreshToken", connection.path("payload").path("refreshToken"));
        view.set("created_at", connection.path("created"));
        view.set("updated_at", connection.path("updated"));
        return view;
    }

    private static ObjectNode said(String message, String name, JsonNode object) {
        ObjectNode answer = JSON.objectNode().put("message", message);
        answer.set(name, object);
        return answer;
    }

    private static ArrayNode each(JsonNode list, Function<JsonNode, ObjectNode> view) {
        ArrayNode all = JSON.arrayNode();
        list.forEach(item -> all.add(view.apply(item)));
        return all;
    }
}
