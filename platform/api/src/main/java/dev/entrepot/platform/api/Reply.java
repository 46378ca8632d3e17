package dev.entrepot.platform.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** A successful answer: status, envelope and, for one record, its ETag. */
public record Reply(int status, Envelope envelope, String etag) {

    public Response toResponse() {
        Response.ResponseBuilder builder = Response.status(status).entity(envelope);
        if (etag != null) {
            builder.header(HttpHeaders.ETAG, etag);
        }
        return builder.build();
    }
}
