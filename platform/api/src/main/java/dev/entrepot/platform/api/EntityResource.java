package dev.entrepot.platform.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Every endpoint of docs/api.md for one entity: the reads of {@link RecordReader} and the writes its
 * {@link #writePolicy()} allows. A service exposes an entity with a subclass that names its path and its
 * {@link EntityType}:
 *
 * <pre>
 * &#64;Path("/api/v1/brands")
 * public class BrandResource extends EntityResource {
 *     protected EntityType type() { return Catalog.BRANDS; }
 * }
 * </pre>
 *
 * A read-only entity returns {@link WritePolicy#NONE}; one that creates its records its own way also
 * overrides {@link #creation()}.
 */
@Produces({ Formats.JSON, Formats.XML, Formats.CSV, Formats.PDF })
@Consumes({ Formats.JSON, Formats.XML, "text/xml" })
public abstract class EntityResource extends RecordReader {

    @Inject
    IdempotencyKeys idempotencyKeys;

    /** Refuses a caller that may read but not write this entity; by default every caller may write. */
    protected void authorizeWrite(Caller caller) {
    }

    /** Which generic writes this resource answers; by default all of them. */
    protected WritePolicy writePolicy() {
        return WritePolicy.ALL;
    }

    /** What {@code POST} on the collection does once it is allowed: prepare, then a reply made at most once. */
    @FunctionalInterface
    protected interface Creation {
        /**
         * Checks what must be checked before the {@code Idempotency-Key} is taken and answers the write
         * itself, which runs once per key. With a key, the write runs in the transaction that stores its
         * answer ({@link IdempotencyKeys}): the transactions it opens must join the current one, and a call
         * to another service in it runs in {@code Transactions.outside}.
         */
        Supplier<Reply> prepare(String organization, Body body);
    }

    /**
     * How this resource creates records: by default the generic create (one record, or many with
     * {@code {"data": [...]}}), which only {@link WritePolicy#ALL} allows. A resource that creates records
     * its own way overrides this, and its POST is then allowed whatever its policy.
     */
    protected Creation creation() {
        allow(WritePolicy.ALL);
        return (organization, body) -> {
            ArrayNode items = body.bulkItems();
            return () -> items == null
                    ? one(201, "Created", service.create(type(), organization, body.single()))
                    : many(201, "Created", service.createMany(type(), organization, items));
        };
    }

    /** Creates one record, or many with {@code {"data": [...]}} (see {@link #creation()}). */
    @POST
    public Response create(Body body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Creation creation = creation();
        Body present = Body.required(body);
        String organization = writer();
        Supplier<Reply> write = creation.prepare(organization, present);
        return idempotencyKeys.once(organization, endpoint(), idempotencyKey, present.json(), type(), write).toResponse();
    }

    @PUT
    public Response replaceMany(Body body) {
        allow(WritePolicy.ALL);
        ArrayNode items = Body.required(body).requireBulk();
        return many(200, "OK", service.replaceMany(type(), writer(), items)).toResponse();
    }

    /** Bulk partial update: {@code {"data": [{"id": …, <fields to change>}, …]}}, all or none. */
    @PATCH
    public Response patchMany(Body body) {
        allow(WritePolicy.ALL);
        ArrayNode items = Body.required(body).requireBulk();
        return many(200, "OK", service.patchMany(type(), writer(), items)).toResponse();
    }

    @DELETE
    public Response deleteMany(Body body) {
        allow(WritePolicy.ALL);
        service.deleteMany(type(), writer(), Body.required(body).requireBulk());
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}")
    public Response replace(@PathParam("id") String id, Body body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        allow(WritePolicy.ALL);
        StoredRecord record = service.replace(type(), writer(), wellFormed(id), Body.required(body).single(), ifMatch);
        return one(200, "OK", record).toResponse();
    }

    /** A partial update; on an {@link WritePolicy#INTEGRATION_DATA_ONLY} resource, of integrationsData alone. */
    @PATCH
    @Path("{id}")
    public Response patch(@PathParam("id") String id, Body body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        WritePolicy policy = allow(WritePolicy.ALL, WritePolicy.INTEGRATION_DATA_ONLY);
        String organization = writer();
        StoredRecord record = policy == WritePolicy.ALL
                ? service.patch(type(), organization, wellFormed(id), Body.required(body).single(), ifMatch)
                : patchIntegrationsData(organization, wellFormed(id), Body.required(body).single(), ifMatch);
        return one(200, "OK", record).toResponse();
    }

    /**
     * The PATCH of a record of an {@link WritePolicy#INTEGRATION_DATA_ONLY} resource: by default of its
     * integrationsData alone. A resource whose records have parts that carry data of their own (an order's
     * lines) extends it.
     */
    protected StoredRecord patchIntegrationsData(String organization, String id, JsonNode body, String ifMatch) {
        return service.patchIntegrationsData(type(), organization, id, body, ifMatch);
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
        allow(WritePolicy.ALL);
        service.delete(type(), writer(), wellFormed(id), ifMatch);
        return Response.noContent().build();
    }

    /** The methods the collection answers under this resource's policy (the framework's would list every one). */
    @OPTIONS
    public Response collectionOptions() {
        List<String> methods = new ArrayList<>(List.of("GET", "HEAD", "OPTIONS"));
        try {
            creation();
            methods.add("POST");
        } catch (NotAllowedException refused) {
            // POST is not among them.
        }
        if (writePolicy() == WritePolicy.ALL) {
            methods.addAll(List.of("PUT", "PATCH", "DELETE"));
        }
        return Response.ok().allow(methods.toArray(String[]::new)).build();
    }

    /** The methods one record answers under this resource's policy. */
    @OPTIONS
    @Path("{id}")
    public Response recordOptions(@PathParam("id") String id) {
        List<String> methods = new ArrayList<>(List.of("GET", "HEAD", "OPTIONS"));
        WritePolicy policy = writePolicy();
        if (policy != WritePolicy.NONE) {
            methods.addAll(List.of("PATCH", "POST"));
        }
        if (policy == WritePolicy.ALL) {
            methods.addAll(List.of("PUT", "DELETE"));
        }
        return Response.ok().allow(methods.toArray(String[]::new)).build();
    }

    private Reply many(int status, String message, List<StoredRecord> records) {
        return new Reply(status, Envelope.records(status, message, records, type(), endpoint()), null);
    }

    /**
     * This resource's policy when it is one of {@code allowed}; otherwise the 405 the framework answers for
     * a method a resource does not have (no Allow header values, so the same envelope), before the request
     * is authenticated or its body looked at.
     */
    private WritePolicy allow(WritePolicy... allowed) {
        WritePolicy policy = writePolicy();
        for (WritePolicy one : allowed) {
            if (one == policy) {
                return policy;
            }
        }
        throw new NotAllowedException(Response.status(Response.Status.METHOD_NOT_ALLOWED).build());
    }

    /** The organization of a caller allowed to write. */
    private String writer() {
        String organization = caller.organization();
        authorizeWrite(caller);
        return organization;
    }

}
