package dev.entrepot.catalog.rest;

import dev.entrepot.catalog.Catalog;
import dev.entrepot.platform.api.EntityResource;
import dev.entrepot.platform.api.EntityType;
import jakarta.ws.rs.Path;

@Path("/api/v1/locations")
public class LocationResource extends EntityResource {

    @Override
    protected EntityType type() {
        return Catalog.LOCATIONS;
    }
}
