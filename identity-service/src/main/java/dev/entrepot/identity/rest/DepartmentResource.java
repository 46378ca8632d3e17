package dev.entrepot.identity.rest;

import dev.entrepot.identity.Identity;
import dev.entrepot.identity.accounts.DepartmentMembers;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.Formats;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/** Departments (the generic API; owners and admins write) and their members. */
@Path("/api/v1/departments")
public class DepartmentResource extends AdministeredResource {

    @Inject
    DepartmentMembers members;

    @Override
    protected EntityType type() {
        return Identity.DEPARTMENTS;
    }

    @Produces(Formats.JSON)
    @GET
    @Path("{id}/members")
    public Response members(@PathParam("id") String id) {
        return Answers.all(members.list(caller.organization(), id), uri);
    }

    /** {@code {"role": "client" | "provider" | "reader" | "owner"}} */
    @Produces(Formats.JSON)
    @PUT
    @Path("{id}/members/{userId}")
    public Response putMember(@PathParam("id") String id, @PathParam("userId") String userId, Body body) {
        caller.requireAdministrator();
        members.put(caller.organization(), id, userId, Body.required(body).single());
        return Answers.all(members.list(caller.organization(), id), uri);
    }

    @Produces(Formats.JSON)
    @DELETE
    @Path("{id}/members/{userId}")
    public Response removeMember(@PathParam("id") String id, @PathParam("userId") String userId) {
        caller.requireAdministrator();
        members.remove(caller.organization(), id, userId);
        return Response.noContent().build();
    }
}
