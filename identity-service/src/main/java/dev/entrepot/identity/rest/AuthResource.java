package dev.entrepot.identity.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.identity.accounts.Accounts;
import dev.entrepot.identity.tokens.AccessTokens;
import dev.entrepot.identity.tokens.TokenIssuer;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.Formats;
import dev.entrepot.platform.api.PiranyaDialect;
import dev.entrepot.platform.service.Dialects;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Signup, login, refresh, logout and a user's access tokens (docs/architecture.md#identity-and-access). */
@Path("/api/v1/auth")
@Produces(Formats.JSON)
@Consumes({ Formats.JSON, Formats.XML })
public class AuthResource {

    static final int PIRANYA_TOKEN_SECONDS = 86_400;

    private final Accounts accounts;
    private final AccessTokens accessTokens;
    private final Caller caller;
    private final JsonWebToken token;
    @Context
    UriInfo uri;
    @Context
    HttpHeaders headers;

    AuthResource(Accounts accounts, AccessTokens accessTokens, Caller caller, JsonWebToken token) {
        this.accounts = accounts;
        this.accessTokens = accessTokens;
        this.caller = caller;
        this.token = token;
    }

    @POST
    @Path("signup")
    public Response signup(Body body) {
        return Answers.credential(201, "Created", accounts.signup(Body.required(body).single()).toJson(), uri);
    }

    @POST
    @Path("login")
    public Response login(Body body) {
        return Answers.credential(200, "OK", accounts.login(Body.required(body).single()).toJson(), uri);
    }

    @POST
    @Path("refresh")
    public Response refresh(Body body) {
        return Answers.credential(200, "OK", accounts.refresh(Body.required(body).single()).toJson(), uri);
    }

    /** Ends the caller's session, or the one whose refresh token is in the body. */
    @POST
    @Path("logout")
    public Response logout(Body body) {
        String organization = caller.organization();
        String session = token.getClaim(TokenIssuer.SESSION_CLAIM);
        accounts.logout(organization, session, body == null ? null : body.json());
        return Response.noContent().build();
    }

    /**
     * A new access token. Piranya's clients ask {@code users/accesstoken?infinite=true}, with no body: a token
     * that never expires, or without {@code infinite=true} one for {@value #PIRANYA_TOKEN_SECONDS} seconds.
     */
    @POST
    @Path("access-tokens")
    public Response createAccessToken(Body body) {
        JsonNode request;
        if (PiranyaDialect.speaks(headers.getHeaderString(Dialects.HEADER))) {
            ObjectNode sent = Body.optional(body, "name", "expires_in");
            if (!sent.has("name")) {
                sent.put("name", "Piranya access token");
            }
            if (!sent.has("expires_in")) {
                boolean infinite = "true".equalsIgnoreCase(uri.getQueryParameters().getFirst("infinite"));
                sent.set("expires_in", infinite ? sent.nullNode() : sent.numberNode(PIRANYA_TOKEN_SECONDS));
            }
            request = sent;
        } else {
            request = Body.required(body).single();
        }
        return Answers.credential(201, "Created", accessTokens.create(caller.organization(), person(), request), uri);
    }

    @GET
    @Path("access-tokens")
    public Response accessTokens() {
        return Answers.all(accessTokens.list(caller.organization(), person()), uri);
    }

    @DELETE
    @Path("access-tokens/{id}")
    public Response revokeAccessToken(@PathParam("id") String id) {
        accessTokens.revoke(caller.organization(), person(), id);
        return Response.noContent().build();
    }

    /** Access tokens belong to a person; an API key has no use for one. */
    private String person() {
        caller.organization();
        if (!caller.isUser()) {
            throw new ApiException(403, "forbidden", "Access tokens belong to users; an API key cannot have them");
        }
        return caller.subject();
    }
}
