package dev.entrepot.catalog.rest;

import dev.entrepot.catalog.Catalog;
import dev.entrepot.platform.api.EntityResource;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.WritePolicy;
import jakarta.ws.rs.Path;

/** The stock orders hold, read-only: written by the order saga. */
@Path("/api/v1/inventory/reservations")
public class ReservationResource extends EntityResource {

    @Override
    protected EntityType type() {
        return Catalog.RESERVATIONS;
    }

    @Override
    protected WritePolicy writePolicy() {
        return WritePolicy.NONE;
    }
}
