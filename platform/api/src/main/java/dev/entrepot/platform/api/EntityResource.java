package dev.entrepot.platform.api;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Every endpoint of DESIGN.md section 2 for one entity. A service exposes an entity with a subclass
 * that names its path and its {@link EntityType}:
 *
 * <pre>
 * &#64;Path("/api/v1/brands")
 * public class BrandResource extends EntityResource {
 *     protected EntityType type() { return Catalog.BRANDS; }
 * }
 * </pre>
 */
@Produces({ Formats.JSON, Formats.XML, Formats.CSV, Formats.PDF })
@Consumes({ Formats.JSON, Formats.XML, "text/xml" })
public abstract class EntityResource {

    @Inject
    EntityService service;
    @Inject
    Caller caller;
    @Inject
    IdempotencyKeys idempotencyKeys;
    @Context
    UriInfo uri;

    protected abstract EntityType type();

    /** Refuses a caller that may read but not write this entity; by default every caller may write. */
    protected void authorizeWrite(Caller caller) {
    }

    @GET
    public Response list() {
        ListQuery query = ListQuery.fromParameters(type(), uri.getQueryParameters());
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

    /** Creates one record, or many with {@code {"data": [...]}}. */
    @POST
    public Response create(Body body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Body present = Body.required(body);
        String organization = writer();
        ArrayNode items = present.bulkItems();
        return idempotencyKeys.once(organization, endpoint(), idempotencyKey, present.json(), type(), () -> items == null
                ? one(201, "Created", service.create(type(), organization, present.single()))
                : many(201, "Created", service.createMany(type(), organization, items))).toResponse();
    }

    @PUT
    public Response replaceMany(Body body) {
        ArrayNode items = Body.required(body).requireBulk();
        return many(200, "OK", service.replaceMany(type(), writer(), items)).toResponse();
    }

    @DELETE
    public Response deleteMany(Body body) {
        service.deleteMany(type(), writer(), Body.required(body).requireBulk());
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}")
    public Response replace(@PathParam("id") String id, Body body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        StoredRecord record = service.replace(type(), writer(), wellFormed(id), Body.required(body).single(), ifMatch);
        return one(200, "OK", record).toResponse();
    }

    @PATCH
    @Path("{id}")
    public Response patch(@PathParam("id") String id, Body body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        StoredRecord record = service.patch(type(), writer(), wellFormed(id), Body.required(body).single(), ifMatch);
        return one(200, "OK", record).toResponse();
    }

    /** The same as PATCH, for clients that speak only GET and POST. */
    @POST
    @Path("{id}")
    public Response patchByPost(@PathParam("id") String id, Body body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return patch(id, body, ifMatch);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        service.delete(type(), writer(), wellFormed(id), ifMatch);
        return Response.noContent().build();
    }

    private Reply one(int status, String message, StoredRecord record) {
        return new Reply(status, Envelope.record(status, message, record.json(), type(), endpoint()), record.etag());
    }

    private Reply many(int status, String message, List<StoredRecord> records) {
        return new Reply(status, Envelope.records(status, message, records, type(), endpoint()), null);
    }

    /** The organization of a caller allowed to write. */
    private String writer() {
        String organization = caller.organization();
        authorizeWrite(caller);
        return organization;
    }

    private String endpoint() {
        return uri.getRequestUri().getPath();
    }

    /** An id that cannot exist is simply not found. */
    private String wellFormed(String id) {
        if (!Ids.isWellFormed(id)) {
            throw ApiException.notFound("No " + type().singular() + " with id " + id);
        }
        return id;
    }
}
