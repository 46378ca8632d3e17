package dev.entrepot.platform.api;

import dev.entrepot.platform.service.Dialects;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The read endpoints of docs/api.md for one entity: list (filters, sort, search, pagination, formats),
 * {@code POST /things/query} and one record. A service extends {@link EntityResource}, which adds the
 * writes its {@link WritePolicy} allows (none, for a read-only entity).
 */
@Produces({ Formats.JSON, Formats.XML, Formats.CSV, Formats.PDF })
@Consumes({ Formats.JSON, Formats.XML, "text/xml" })
public abstract class RecordReader {

    @Inject
    protected EntityService service;
    @Inject
    protected Caller caller;
    @Context
    UriInfo uri;
    @Context
    HttpHeaders headers;

    protected abstract EntityType type();

    @GET
    public Response list() {
        ListQuery query = ListQuery.fromParameters(type(), uri.getQueryParameters(), headers.getHeaderString(Dialects.HEADER));
        EntityService.Listing listing = service.list(type(), caller.organization(), query);
        return Response.ok(Envelope.list(listing, query, type(), endpoint())).build();
    }

    @POST
    @Path("query")
    public Response query(Body body) {
        ListQuery query = ListQuery.fromBody(type(), body == null ? null : body.single());
        EntityService.Listing listing = service.list(type(), caller.organization(), query);
        return Response.ok(Envelope.list(listing, query, type(), endpoint())).build();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @QueryParam("depth") String depth) {
        StoredRecord record = service.get(type(), caller.organization(), wellFormed(id), ListQuery.depth(depth));
        return one(200, "OK", record).toResponse();
    }

    /** One record in the envelope, with its ETag. */
    protected Reply one(int status, String message, StoredRecord record) {
        return new Reply(status, Envelope.record(status, message, record.json(), type(), endpoint()), record.etag());
    }

    /** The path of this request, as the envelope's {@code endpoint} shows it. */
    protected String endpoint() {
        return uri.getRequestUri().getPath();
    }

    /** An id that cannot exist is simply not found. */
    protected String wellFormed(String id) {
        if (!Ids.isWellFormed(id)) {
            throw ApiException.notFound("No " + type().singular() + " with id " + id);
        }
        return id;
    }
}
