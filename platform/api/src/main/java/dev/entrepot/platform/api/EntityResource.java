package dev.entrepot.platform.api;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Every endpoint of DESIGN.md section 2 for one entity: the reads of {@link RecordReader} and the
 * writes. A service exposes an entity with a subclass that names its path and its {@link EntityType}:
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
public abstract class EntityResource extends RecordReader {

    @Inject
    IdempotencyKeys idempotencyKeys;

    /** Refuses a caller that may read but not write this entity; by default every caller may write. */
    protected void authorizeWrite(Caller caller) {
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

    private Reply many(int status, String message, List<StoredRecord> records) {
        return new Reply(status, Envelope.records(status, message, records, type(), endpoint()), null);
    }

    /** The organization of a caller allowed to write. */
    private String writer() {
        String organization = caller.organization();
        authorizeWrite(caller);
        return organization;
    }

}
