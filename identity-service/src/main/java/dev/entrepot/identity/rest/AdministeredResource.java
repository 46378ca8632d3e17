package dev.entrepot.identity.rest;

import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.EntityResource;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/** An identity entity on the generic API that every caller may read and only owners and admins write. */
abstract class AdministeredResource extends EntityResource {

    @Inject
    Caller caller;
    @Context
    UriInfo uri;

    @Override
    protected void authorizeWrite(Caller writer) {
        writer.requireAdministrator();
    }
}
