package dev.entrepot.platform.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * A successful answer: status, envelope and, for one record, its ETag. {@code replayed} marks the stored
 * answer of an earlier request with the same {@code Idempotency-Key} ({@link IdempotencyKeys}).
 */
public record Reply(int status, Envelope envelope, String etag, boolean replayed) {

    /** The header a replayed answer carries, as Stripe's API names it. */
    public static final String REPLAYED = "Idempotent-Replayed";

    public Reply(int status, Envelope envelope, String etag) {
        this(status, envelope, etag, false);
    }

    public Response toResponse() {
        Response.ResponseBuilder builder = Response.status(status).entity(envelope);
        if (etag != null) {
            builder.header(HttpHeaders.ETAG, etag);
        }
        if (replayed) {
            builder.header(REPLAYED, "true");
        }
        return builder.build();
    }
}
