package dev.entrepot.identity.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.identity.config.IdentityConfig;
import dev.entrepot.identity.tokens.TokenIssuer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The public halves of the signing keys (RFC 7517) and the OpenID discovery document that points to them.
 * Verifiers may cache the JWKS for a few minutes: a new key is published well before it signs.
 */
@Path("/.well-known")
public class WellKnownResource {

    private final TokenIssuer tokens;
    private final String issuer;
    private final String publicUrl;

    WellKnownResource(TokenIssuer tokens, IdentityConfig config) {
        this.tokens = tokens;
        this.issuer = config.issuer();
        this.publicUrl = config.identity().url();
    }

    @GET
    @Path("jwks.json")
    @Produces({ "application/jwk-set+json", MediaType.APPLICATION_JSON })
    public Response jwks() {
        return Response.ok(tokens.jwks()).header("Cache-Control", "public, max-age=300").build();
    }

    @GET
    @Path("openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode discovery() {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("issuer", issuer);
        document.put("jwks_uri", publicUrl + "/.well-known/jwks.json");
        document.put("token_endpoint", publicUrl + "/api/v1/auth/login");
        document.putArray("id_token_signing_alg_values_supported").add("RS256");
        document.putArray("response_types_supported").add("token");
        document.putArray("subject_types_supported").add("public");
        document.putArray("claims_supported").add("iss").add("sub").add("aud").add("exp").add("iat").add("jti").add("org")
                .add("kind").add("roles").add("departments").add("integration").add("allow_write_data").add("sid");
        return document;
    }
}
