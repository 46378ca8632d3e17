package dev.entrepot.catalog.rest;

import java.util.Map;

import dev.entrepot.catalog.Catalog;
import dev.entrepot.catalog.inventory.Inventory;
import dev.entrepot.platform.api.EntityResource;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.RecordInput;
import dev.entrepot.platform.api.WritePolicy;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;

/**
 * The inventory ledger: {@code POST} {"product_id", "location_id", "delta", "reason"} changes on_hand
 * and answers with the ledger line; lines are never changed or deleted (405).
 */
@Path("/api/v1/inventory/adjustments")
public class AdjustmentResource extends EntityResource {

    @Inject
    Inventory inventory;

    @Override
    protected EntityType type() {
        return Catalog.ADJUSTMENTS;
    }

    @Override
    protected WritePolicy writePolicy() {
        return WritePolicy.NONE;
    }

    @Override
    protected Creation creation() {
        return (organization, body) -> () -> {
            Map<String, Object> adjustment = RecordInput.valid(type(), body.single());
            return one(201, "Created", inventory.adjust(organization, (String) adjustment.get("product_id"),
                    (String) adjustment.get("location_id"), (Long) adjustment.get("delta"), (String) adjustment.get("reason")));
        };
    }
}
