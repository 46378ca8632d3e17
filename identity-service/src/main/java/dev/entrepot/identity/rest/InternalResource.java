package dev.entrepot.identity.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.identity.tokens.Authenticator;
import dev.entrepot.identity.tokens.CallerClaims;
import dev.entrepot.identity.tokens.SigningKey;
import dev.entrepot.identity.tokens.SigningKeys;
import dev.entrepot.identity.tokens.TokenIssuer;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.Envelope;
import dev.entrepot.platform.api.Formats;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Endpoints for the suite itself, never routed by the gateway (it forwards only {@code /api/v1}).
 */
@Path("/internal/v1")
@Produces(Formats.JSON)
@Consumes(Formats.JSON)
public class InternalResource {

    private final Authenticator authenticator;
    private final TokenIssuer tokens;
    private final SigningKeys signingKeys;
    @Context
    UriInfo uri;

    InternalResource(Authenticator authenticator, TokenIssuer tokens, SigningKeys signingKeys) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.signingKeys = signingKeys;
    }

    /**
     * {@code {"authorization": "<the caller's Authorization header>"}} → the caller's claims and an internal
     * token; a refusal is a 401 whose {@code reason} is for the gateway's logs, not for its client.
     */
    @POST
    @Path("authenticate")
    public Response authenticate(Body body) {
        JsonNode request = Body.required(body).single();
        JsonNode authorization = request.path("authorization");
        if (!authorization.isTextual()) {
            throw ApiException.validation("authorization", "authorization must be the caller's Authorization header");
        }
        CallerClaims caller;
        try {
            caller = authenticator.authenticate(authorization.textValue());
        } catch (Authenticator.Refused refused) {
            Envelope envelope = Envelope.error(new ApiException(401, "unauthorized", "Authentication failed"),
                    uri.getRequestUri().getPath());
            envelope.body().put("reason", refused.reason());
            return Response.status(401).entity(envelope).build();
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("organization_id", caller.organization());
        data.put("subject", caller.subject());
        data.put("kind", caller.kind());
        data.put("credential_id", caller.credential());
        data.put("integration", caller.integration());
        data.put("allow_write_data", caller.allowWriteData());
        caller.roles().forEach(data.putArray("roles")::add);
        caller.departments().forEach(data.putArray("departments")::add);
        data.put("token", tokens.internalToken(caller));
        data.put("expires_in", tokens.internalLifetime().toSeconds());
        return Answers.one(200, "OK", data, uri);
    }

    /** Publishes the next signing key; it signs once the prepublication period has passed. */
    @POST
    @Path("signing-keys/rotate")
    public Response rotate() {
        SigningKey next = signingKeys.rotate();
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("kid", next.kid());
        data.put("activates_at", next.activatesAt().toString());
        return Answers.one(201, "Created", data, uri);
    }
}
