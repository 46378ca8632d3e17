package dev.entrepot.catalog.rest;

import dev.entrepot.catalog.Catalog;
import dev.entrepot.platform.api.EntityResource;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.WritePolicy;
import jakarta.ws.rs.Path;

/** Stock levels, read-only: they change through adjustments and the order saga. */
@Path("/api/v1/inventory")
public class InventoryResource extends EntityResource {

    @Override
    protected EntityType type() {
        return Catalog.STOCK_LEVELS;
    }

    @Override
    protected WritePolicy writePolicy() {
        return WritePolicy.NONE;
    }
}
