package dev.entrepot.orders.rest;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.orders.Orders;
import dev.entrepot.orders.lines.OrderLinesData;
import dev.entrepot.orders.placement.Lifecycle;
import dev.entrepot.orders.placement.OrderBook;
import dev.entrepot.orders.placement.OrderPlacement;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.EntityResource;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.Formats;
import dev.entrepot.platform.api.StoredRecord;
import dev.entrepot.platform.api.WritePolicy;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * Orders: read like every entity; placed with {@code POST /orders} (see {@link OrderPlacement}), then
 * moved only by {@code POST /orders/{id}/cancel|fulfil|deliver} and by the saga. PUT and DELETE answer
 * 405 and PATCH takes only integration data, the order's and its lines': an order is a record of a sale,
 * not a document to edit.
 */
// Class-level @Produces is not inherited: the lifecycle actions below need their own.
@Produces({ Formats.JSON, Formats.XML, Formats.CSV, Formats.PDF })
@Path("/api/v1/orders")
public class OrderResource extends EntityResource {

    @Inject
    OrderPlacement placement;
    @Inject
    OrderBook book;
    @Inject
    OrderLinesData lines;

    @Override
    protected EntityType type() {
        return Orders.ORDERS;
    }

    /** An order's own fields never change by PATCH; its integration data does (docs/api.md). */
    @Override
    protected WritePolicy writePolicy() {
        return WritePolicy.INTEGRATION_DATA_ONLY;
    }

    /** Its integrationsData, and its lines' ({@code "lines": [{"id": …, "integrationsData": {…}}]}). */
    @Override
    protected StoredRecord patchIntegrationsData(String organization, String id, JsonNode body, String ifMatch) {
        return lines.patch(organization, id, body, ifMatch, caller);
    }

    @Override
    protected Creation creation() {
        return (organization, body) -> () -> one(201, "Created", placement.place(body.single(), caller));
    }

    /** {@code {"reason": "…"}} or no body at all. */
    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String id, Body body) {
        JsonNode given = Body.optional(body, "reason").path("reason");
        if (!given.isMissingNode() && !given.isNull() && (!given.isTextual() || given.textValue().length() > 500)) {
            throw ApiException.validation("reason", "reason must be text of at most 500 characters");
        }
        return step(id, Lifecycle.CANCEL, given.isTextual() ? given.textValue() : null);
    }

    /** Takes no body (or {@code {}}). */
    @POST
    @Path("{id}/fulfil")
    public Response fulfil(@PathParam("id") String id, Body body) {
        Body.optional(body);
        return step(id, Lifecycle.FULFIL, null);
    }

    /** Takes no body (or {@code {}}). */
    @POST
    @Path("{id}/deliver")
    public Response deliver(@PathParam("id") String id, Body body) {
        Body.optional(body);
        return step(id, Lifecycle.DELIVER, null);
    }

    private Response step(String id, Lifecycle step, String reason) {
        return one(200, "OK", book.advance(caller.organization(), wellFormed(id), step, reason)).toResponse();
    }
}
