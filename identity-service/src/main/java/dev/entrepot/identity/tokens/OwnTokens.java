package dev.entrepot.identity.tokens;

import org.jose4j.jwt.consumer.InvalidJwtException;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * identity-service verifies the internal tokens on its own API against its signing keys directly rather
 * than fetching its own JWKS over HTTP: the same checks (RS256, issuer, audience, expiry), never stale
 * after a rotation.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class OwnTokens extends JWTCallerPrincipalFactory {

    private final TokenIssuer issuer;

    OwnTokens(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        try {
            return new DefaultJWTCallerPrincipal(token, "JWT", issuer.verify(token, TokenIssuer.INTERNAL_AUDIENCE));
        } catch (InvalidJwtException e) {
            throw new ParseException("The internal token is not valid", e);
        }
    }
}
