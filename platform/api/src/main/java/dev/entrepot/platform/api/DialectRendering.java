package dev.entrepot.platform.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.service.Dialects;
import jakarta.inject.Inject;

/**
 * Renders an envelope in the dialect the gateway names in {@link Dialects#HEADER} (docs/dialects.md). Every
 * envelope is built canonical; a dialect changes only what its clients read differently, here, once for
 * every service, answers and refusals alike (exception mappers' answers pass the response filters too).
 * <p>
 * PackageX ({@code packagex}): {@code errors} is a list of strings, {@code "name_en: name_en is required"},
 * and {@code endpoint} is the path as its client called it, {@code /v1/...}.
 * <p>
 * Piranya ({@code piranya}): see {@link PiranyaDialect}.
 */
@Provider
public class DialectRendering implements ContainerResponseFilter {

    @Inject
    Caller caller;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String dialect = request.getHeaderString(Dialects.HEADER);
        if (response.getEntity() instanceof Envelope envelope) {
            if (Dialects.PACKAGEX.equals(dialect)) {
                packageX(envelope.body());
            } else if (PiranyaDialect.speaks(dialect)) {
                PiranyaDialect.render(envelope, request, response, caller.locale());
            }
        } else if (PiranyaDialect.speaks(dialect) && response.getStatus() == 204) {
            PiranyaDialect.renderNoContent(request, response, caller.locale());
        }
    }

    static void packageX(ObjectNode body) {
        if (body.get("errors") instanceof ArrayNode errors) {
            ArrayNode strings = body.arrayNode(errors.size());
            errors.forEach(error -> strings.add(error.isObject() ? line(error) : error.asText()));
            body.set("errors", strings);
        }
        JsonNode endpoint = body.get("endpoint");
        if (endpoint != null && endpoint.asText().startsWith("/api/v1/")) {
            body.put("endpoint", endpoint.asText().substring("/api".length()));
        }
    }

    /** {@code field: message}; an item of a bulk request is named by its place, {@code data[2].sku: ...}. */
    private static String line(JsonNode error) {
        String field = error.path("field").asText("");
        if (error.hasNonNull("index")) {
            field = "data[" + error.get("index").asInt() + "]" + (field.isEmpty() ? "" : "." + field);
        }
        String message = error.path("message").asText("");
        return field.isEmpty() ? message : field + ": " + message;
    }
}
