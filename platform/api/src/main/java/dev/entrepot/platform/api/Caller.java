package dev.entrepot.platform.api;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling, from the internal token the gateway forwards (signed by identity-service, verified
 * by SmallRye JWT). Every query is scoped to {@link #organization()}.
 */
@RequestScoped
public class Caller {

    /** The claim that carries the caller's organization id. */
    public static final String ORGANIZATION_CLAIM = "org";

    private final JsonWebToken token;

    Caller(JsonWebToken token) {
        this.token = token;
    }

    /** The caller's organization; a request without a valid internal token is a 401. */
    public String organization() {
        if (token.getRawToken() == null) {
            throw new ApiException(401, "unauthorized", "Authentication required");
        }
        String organization = token.getClaim(ORGANIZATION_CLAIM);
        if (organization == null || organization.isBlank()) {
            throw new AuthenticationFailedException("internal token has no " + ORGANIZATION_CLAIM + " claim");
        }
        return organization;
    }
}
