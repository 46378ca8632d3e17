package dev.entrepot.identity.rest;

import dev.entrepot.identity.Identity;
import dev.entrepot.identity.apikeys.IntegrationKeys;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.Formats;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * The integrations registry (the generic API; owners and admins write) and each integration's API keys
 * (owners and admins only: a key acts for the whole organization).
 */
@Path("/api/v1/integrations")
public class IntegrationResource extends AdministeredResource {

    @Inject
    IntegrationKeys keys;

    @Override
    protected EntityType type() {
        return Identity.INTEGRATIONS;
    }

    @Produces(Formats.JSON)
    @GET
    @Path("{id}/keys")
    public Response keys(@PathParam("id") String id) {
        caller.requireAdministrator();
        return Answers.all(keys.list(caller.organization(), id), uri);
    }

    /** {@code {"name": "erp sync", "role": "owner" | "admin" | "member"}}; the key is in this answer only. */
    @Produces(Formats.JSON)
    @POST
    @Path("{id}/keys")
    public Response createKey(@PathParam("id") String id, Body body) {
        caller.requireAdministrator();
        return Answers.credential(201, "Created", keys.create(caller.organization(), id, Body.required(body).single()), uri);
    }

    @Produces(Formats.JSON)
    @DELETE
    @Path("{id}/keys/{keyId}")
    public Response revokeKey(@PathParam("id") String id, @PathParam("keyId") String keyId) {
        caller.requireAdministrator();
        keys.revoke(caller.organization(), id, keyId);
        return Response.noContent().build();
    }
}
