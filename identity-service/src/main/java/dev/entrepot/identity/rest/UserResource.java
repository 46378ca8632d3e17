package dev.entrepot.identity.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.entrepot.identity.Identity;
import dev.entrepot.identity.accounts.Accounts;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.Elevation;
import dev.entrepot.platform.api.EntityService;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.Envelope;
import dev.entrepot.platform.api.Formats;
import dev.entrepot.platform.api.IntegrationsDataPatch;
import dev.entrepot.platform.api.ListQuery;
import dev.entrepot.platform.api.PiranyaDialect;
import dev.entrepot.platform.persistence.Transactions;
import dev.entrepot.platform.service.Dialects;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The users of the caller's organization. Everyone may list and read them (through the generic API's
 * list parameters, in every format of the generic API: {@code /users.csv}, {@code /users/{id}.xml}); owners
 * and admins create them, change their role and disable them.
 */
@Path("/api/v1/users")
@Produces({ Formats.JSON, Formats.XML, Formats.CSV, Formats.PDF })
@Consumes({ Formats.JSON, Formats.XML, "text/xml" })
public class UserResource {

    private final Accounts accounts;
    private final EntityService entities;
    private final Caller caller;
    @Context
    UriInfo uri;
    @Context
    HttpHeaders headers;

    UserResource(Accounts accounts, EntityService entities, Caller caller) {
        this.accounts = accounts;
        this.entities = entities;
        this.caller = caller;
    }

    /**
     * The organization's users; for Piranya's clients, at their default elevation (user), the caller alone
     * (an API key, which is no user, sees none), as Piranya answers {@code User.json}.
     */
    @GET
    public Response list() {
        String dialect = headers.getHeaderString(Dialects.HEADER);
        String organization = caller.organization();
        Map<String, List<String>> parameters = new HashMap<>(uri.getQueryParameters());
        boolean callerAlone = PiranyaDialect.speaks(dialect) && caller.elevation() == Elevation.USER;
        if (callerAlone) {
            parameters.put(EntityType.ID, List.of(caller.isUser() ? caller.subject() : ""));
        }
        ListQuery query = ListQuery.fromParameters(Identity.USERS, parameters, dialect);
        EntityService.Listing listing = callerAlone && !caller.isUser() ? new EntityService.Listing(List.of(), 0, false)
                : entities.list(Identity.USERS, organization, query);
        return Response.ok(Envelope.list(listing, query, Identity.USERS, uri.getRequestUri().getPath())).build();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return Response.ok(Envelope.record(200, "OK", accounts.user(caller.organization(), id), Identity.USERS,
                uri.getRequestUri().getPath())).build();
    }

    @POST
    public Response create(Body body) {
        caller.requireAdministrator();
        String organization = caller.organization();
        String id = accounts.createUser(organization, isOwner(), Body.required(body).single());
        return Answers.one(201, "Created", accounts.user(organization, id), uri);
    }

    /**
     * Changes a user's name, profile, role, password or is_enabled, and patches its integration data
     * (docs/integration-data.md): the change is first rehearsed and rolled back, so a refused field writes no
     * data either.
     */
    @PATCH
    @Path("{id}")
    public Response update(@PathParam("id") String id, Body body) {
        caller.requireAdministrator();
        String organization = caller.organization();
        IntegrationsDataPatch.Split split = IntegrationsDataPatch.split(Body.required(body).single());
        JsonNode fields = split.fields();
        boolean fieldsToo = split.data() == null || !fields.isEmpty();
        if (split.data() != null) {
            if (fieldsToo) {
                Transactions.rolledBack(() -> {
                    accounts.updateUser(organization, caller.subject(), isOwner(), id, fields);
                    return null;
                });
            }
            entities.patch(Identity.USERS, organization, id, JsonNodeFactory.instance.objectNode().set(EntityType.INTEGRATIONS_DATA, split.data()),
                    null);
        }
        if (fieldsToo) {
            accounts.updateUser(organization, caller.subject(), isOwner(), id, fields);
        }
        return Answers.one(200, "OK", accounts.user(organization, id), uri);
    }

    /** The same as PATCH, for clients that speak only GET and POST. */
    @POST
    @Path("{id}")
    public Response updateByPost(@PathParam("id") String id, Body body) {
        return update(id, body);
    }

    private boolean isOwner() {
        Set<String> roles = caller.roles();
        return roles.contains(Elevation.OWNER);
    }
}
