package dev.entrepot.identity.rest;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.entrepot.platform.api.Envelope;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** identity's own endpoints answer in the same envelope as the generic API. */
final class Answers {

    private Answers() {
    }

    static Response one(int status, String message, JsonNode data, UriInfo uri) {
        return Response.status(status).entity(Envelope.record(status, message, data, null, endpoint(uri))).build();
    }

    /** An answer that carries a credential (a session, an access token, an API key): no cache may keep it. */
    static Response credential(int status, String message, JsonNode data, UriInfo uri) {
        return Response.status(status).entity(Envelope.record(status, message, data, null, endpoint(uri)))
                .cacheControl(CacheControl.valueOf("no-store")).build();
    }

    static Response all(List<? extends JsonNode> data, UriInfo uri) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        data.forEach(array::add);
        Envelope envelope = Envelope.record(200, "OK", array, null, endpoint(uri));
        envelope.body().put("count", data.size());
        return Response.ok(envelope).build();
    }

    private static String endpoint(UriInfo uri) {
        return uri.getRequestUri().getPath();
    }
}
