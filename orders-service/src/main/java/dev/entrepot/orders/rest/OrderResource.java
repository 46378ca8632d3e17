package dev.entrepot.orders.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.orders.Orders;
import dev.entrepot.orders.placement.Lifecycle;
import dev.entrepot.orders.placement.OrderBook;
import dev.entrepot.orders.placement.OrderRequest;
import dev.entrepot.orders.placement.ProductPrices;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.Formats;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.api.IdempotencyKeys;
import dev.entrepot.platform.api.RecordInput;
import dev.entrepot.platform.api.RecordReader;
import dev.entrepot.platform.api.RecordStore;
import dev.entrepot.platform.api.StoredRecord;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Orders: read like every entity; placed with {@code POST /orders} (lines priced by the catalog), then
 * moved only by {@code POST /orders/{id}/cancel|fulfil|deliver} and by the saga. PUT and DELETE answer
 * 405 and PATCH takes only integrationsData: an order is a record of a sale, not a document to edit.
 */
@Produces({ Formats.JSON, Formats.XML, Formats.CSV, Formats.PDF })
@Path("/api/v1/orders")
public class OrderResource extends RecordReader {

    @Inject
    OrderBook book;
    @Inject
    ProductPrices prices;
    @Inject
    RecordStore records;
    @Inject
    IdempotencyKeys idempotencyKeys;

    @Override
    protected EntityType type() {
        return Orders.ORDERS;
    }

    @POST
    public Response place(Body body, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Body present = Body.required(body);
        String organization = caller.organization();
        return idempotencyKeys.once(organization, endpoint(), idempotencyKey, present.json(), type(),
                () -> one(201, "Created", place(organization, present.single(), authorization))).toResponse();
    }

    /** An order's own fields never change this way; its integration data does (DESIGN.md section 4). */
    @PATCH
    @Path("{id}")
    public Response patch(@PathParam("id") String id, Body body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        String organization = caller.organization();
        return one(200, "OK", service.patchIntegrationsData(type(), organization, wellFormed(id), Body.required(body).single(),
                ifMatch)).toResponse();
    }

    /** The same as PATCH, for clients that speak only GET and POST. */
    @POST
    @Path("{id}")
    public Response patchByPost(@PathParam("id") String id, Body body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return patch(id, body, ifMatch);
    }

    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String id, Body body) {
        String reason = null;
        if (body != null && body.json() != null && body.json().isObject()) {
            JsonNode given = body.json().path("reason");
            if (!given.isMissingNode() && !given.isNull() && (!given.isTextual() || given.textValue().length() > 500)) {
                throw ApiException.validation("reason", "reason must be text of at most 500 characters");
            }
            reason = given.isTextual() ? given.textValue() : null;
        }
        return step(id, Lifecycle.CANCEL, reason);
    }

    @POST
    @Path("{id}/fulfil")
    public Response fulfil(@PathParam("id") String id) {
        return step(id, Lifecycle.FULFIL, null);
    }

    @POST
    @Path("{id}/deliver")
    public Response deliver(@PathParam("id") String id) {
        return step(id, Lifecycle.DELIVER, null);
    }

    private Response step(String id, Lifecycle step, String reason) {
        return one(200, "OK", book.advance(caller.organization(), wellFormed(id), step, reason)).toResponse();
    }

    private StoredRecord place(String organization, JsonNode order, String authorization) {
        List<FieldError> errors = new ArrayList<>();
        List<OrderRequest.Line> lines = OrderRequest.lines(order, errors);
        Map<String, Object> values = Map.of();
        try {
            values = RecordInput.valid(type(), order);
        } catch (ApiException invalid) {
            errors.addAll(invalid.errors());
        }
        String customer = (String) values.get("customer_id");
        if (customer != null) {
            records.find(Orders.CUSTOMERS, organization, customer).ifPresentOrElse(found -> {
                if ("blocked".equals(found.json().path("status").asText())) {
                    errors.add(FieldError.of("customer_id", "Customer " + customer + " is blocked"));
                }
            }, () -> errors.add(FieldError.of("customer_id", "No customer with id " + customer)));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        Map<String, JsonNode> products = prices.find(OrderRequest.productIds(lines), authorization);
        OrderRequest.Priced priced = OrderRequest.price(lines, products, (String) values.get("currency"), errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return book.place(organization, values, priced);
    }
}
