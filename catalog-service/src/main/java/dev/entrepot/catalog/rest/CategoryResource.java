package dev.entrepot.catalog.rest;

import dev.entrepot.catalog.Catalog;
import dev.entrepot.platform.api.EntityResource;
import dev.entrepot.platform.api.EntityType;
import jakarta.ws.rs.Path;

@Path("/api/v1/categories")
public class CategoryResource extends EntityResource {

    @Override
    protected EntityType type() {
        return Catalog.CATEGORIES;
    }
}
