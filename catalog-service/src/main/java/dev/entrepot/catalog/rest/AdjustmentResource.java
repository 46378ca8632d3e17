package dev.entrepot.catalog.rest;

import java.util.Map;

import dev.entrepot.catalog.Catalog;
import dev.entrepot.catalog.inventory.Inventory;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.Formats;
import dev.entrepot.platform.api.IdempotencyKeys;
import dev.entrepot.platform.api.RecordInput;
import dev.entrepot.platform.api.RecordReader;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * The inventory ledger: {@code POST} {"product_id", "location_id", "delta", "reason"} changes on_hand
 * and answers with the ledger line; lines are never changed or deleted (405).
 */
@Produces({ Formats.JSON, Formats.XML, Formats.CSV, Formats.PDF })
@Path("/api/v1/inventory/adjustments")
public class AdjustmentResource extends RecordReader {

    @Inject
    Inventory inventory;
    @Inject
    IdempotencyKeys idempotencyKeys;

    @Override
    protected EntityType type() {
        return Catalog.ADJUSTMENTS;
    }

    @POST
    public Response adjust(Body body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Body present = Body.required(body);
        String organization = caller.organization();
        return idempotencyKeys.once(organization, endpoint(), idempotencyKey, present.json(), type(), () -> {
            Map<String, Object> adjustment = RecordInput.valid(type(), present.single());
            return one(201, "Created", inventory.adjust(organization, (String) adjustment.get("product_id"),
                    (String) adjustment.get("location_id"), (Long) adjustment.get("delta"), (String) adjustment.get("reason")));
        }).toResponse();
    }
}
