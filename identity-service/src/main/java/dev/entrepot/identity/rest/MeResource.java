package dev.entrepot.identity.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.identity.accounts.Accounts;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.Formats;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Who the caller is: the user (or the API key), its organization, roles and departments; and the organization itself. */
@Path("/api/v1/me")
@Produces(Formats.JSON)
public class MeResource {

    private final Caller caller;
    private final Accounts accounts;
    @Context
    UriInfo uri;

    MeResource(Caller caller, Accounts accounts) {
        this.caller = caller;
        this.accounts = accounts;
    }

    @GET
    public Response me() {
        String organization = caller.organization();
        ObjectNode me = JsonNodeFactory.instance.objectNode();
        me.put("kind", caller.kind());
        me.put("organization_id", organization);
        me.put("subject", caller.subject());
        caller.roles().forEach(me.putArray("roles")::add);
        ObjectNode departments = me.putObject("departments");
        caller.departments().forEach(departments::put);
        if (caller.isUser()) {
            me.set("user", accounts.user(organization, caller.subject()));
        } else {
            me.put("integration", caller.integration());
            me.put("allow_write_data", caller.allowWriteData());
        }
        return Answers.one(200, "OK", me, uri);
    }

    @GET
    @Path("organization")
    public Response organization() {
        return Answers.one(200, "OK", accounts.organization(caller.organization()), uri);
    }

    /** {@code {"name"?, "locale"?}}: owners and admins rename the organization or change its locale. */
    @PATCH
    @Path("organization")
    @Consumes({ Formats.JSON, Formats.XML })
    public Response updateOrganization(Body body) {
        caller.requireAdministrator();
        return Answers.one(200, "OK", accounts.updateOrganization(caller.organization(), Body.required(body).single()), uri);
    }
}
