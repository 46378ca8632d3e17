package dev.entrepot.identity.tokens;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;

import dev.entrepot.identity.accounts.Accounts;
import dev.entrepot.identity.accounts.DepartmentMembers;
import dev.entrepot.identity.apikeys.IntegrationKeys;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Turns the outside credential of docs/architecture.md#identity-and-access into the caller's claims: a raw API key, {@code Bearer}
 * with a session token, an access token (or an API key), {@code Basic email:password} or {@code Basic key:}.
 * Every refusal is a {@link Refused} whose reason is for the gateway's logs, never for the client.
 *
 * <p>This runs on every credential the gateway has not cached, so each lookup is one indexed statement:
 * the credential's row joined with its user or integration in plain SQL. The users and integrations are
 * generic records with no Hibernate mapping, so an entity lookup would take a second round trip for them
 * (docs/identity.md, Storage). The last-use touches and the department claims go through the entities'
 * owners ({@link AccessTokens}, {@link IntegrationKeys}, {@link DepartmentMembers}).
 */
@ApplicationScoped
public class Authenticator {

    /** A refused credential; {@code reason} says why, for the logs. */
    public static class Refused extends RuntimeException {
        private final String reason;

        Refused(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private static final int MAX_CREDENTIAL_LENGTH = 4096;

    private final Accounts accounts;
    private final AccessTokens accessTokens;
    private final IntegrationKeys apiKeys;
    private final DepartmentMembers departments;
    private final TokenIssuer tokens;
    private final Sql sql;

    Authenticator(Accounts accounts, AccessTokens accessTokens, IntegrationKeys apiKeys, DepartmentMembers departments,
            TokenIssuer tokens, Sql sql) {
        this.accounts = accounts;
        this.accessTokens = accessTokens;
        this.apiKeys = apiKeys;
        this.departments = departments;
        this.tokens = tokens;
        this.sql = sql;
    }

    @Transactional(dontRollbackOn = { Refused.class, ApiException.class })
    public CallerClaims authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new Refused("no_credential");
        }
        if (authorization.length() > MAX_CREDENTIAL_LENGTH) {
            throw new Refused("credential_too_long");
        }
        String credential = authorization.trim();
        int space = credential.indexOf(' ');
        String scheme = space < 0 ? "" : credential.substring(0, space);
        String value = space < 0 ? credential : credential.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            if (Secrets.ACCESS_TOKEN.matches(value)) {
                return accessToken(value);
            }
            if (Secrets.API_KEY.matches(value)) {
                return apiKey(value);
            }
            return sessionToken(value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(value);
        }
        if (space < 0 && Secrets.API_KEY.matches(credential)) {
            return apiKey(credential);
        }
        throw new Refused("unrecognised_credential");
    }

    private CallerClaims basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("malformed_basic");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new Refused("malformed_basic");
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (password.isEmpty() && Secrets.API_KEY.matches(user)) {
            return apiKey(user);
        }
        try {
            Accounts.Account account = accounts.checkPassword(user, null, password);
            return userClaims(account.id(), account.organization(), account.role(), "user", null, account.id(),
                    accounts.locale(account.organization()));
        } catch (ApiException e) {
            throw new Refused(e.errorCode());
        }
    }

    private CallerClaims apiKey(String key) {
        record Key(String id, String organization, String role, String integration, boolean enabled, boolean allowWrite,
                String locale) {
        }
        Key found = sql.one("SELECT k.id, k.org_id, k.role, i.name, i.enabled, i.allow_write_data, o.locale FROM api_keys k "
                + "JOIN integrations i ON i.id = k.integration_id JOIN organizations o ON o.id = k.org_id WHERE k.key_hash = ?",
                row -> new Key(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getBoolean(5),
                        row.getBoolean(6), row.getString(7)), Secrets.hash(key)).orElseThrow(() -> new Refused("unknown_api_key"));
        if (!found.enabled()) {
            throw new Refused("integration_disabled");
        }
        apiKeys.touch(found.id());
        return new CallerClaims(found.organization(), found.id(), "api_key", found.integration(), found.allowWrite(),
                List.of(found.role()), List.of(), null, found.id(), found.locale());
    }

    private CallerClaims accessToken(String token) {
        record Token(String id, String organization, String user, String role, boolean enabled, boolean live, String locale) {
        }
        Token found = sql.one("SELECT t.id, t.org_id, t.user_id, u.role, u.is_enabled, "
                + "t.expires_at IS NULL OR t.expires_at > now(), o.locale FROM access_tokens t JOIN users u ON u.id = t.user_id "
                + "JOIN organizations o ON o.id = t.org_id WHERE t.token_hash = ?",
                row -> new Token(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getBoolean(5),
                        row.getBoolean(6), row.getString(7)), Secrets.hash(token))
                .orElseThrow(() -> new Refused("unknown_access_token"));
        if (!found.live()) {
            throw new Refused("access_token_expired");
        }
        if (!found.enabled()) {
            throw new Refused("user_disabled");
        }
        accessTokens.touch(found.id());
        return userClaims(found.user(), found.organization(), found.role(), "access_token", null, found.id(), found.locale());
    }

    private CallerClaims sessionToken(String token) {
        JwtClaims claims;
        String sessionId;
        String userId;
        try {
            claims = tokens.verify(token, TokenIssuer.SESSION_AUDIENCE);
            sessionId = claims.getStringClaimValue(TokenIssuer.SESSION_CLAIM);
            userId = claims.getSubject();
        } catch (InvalidJwtException e) {
            throw new Refused(e.hasExpired() ? "session_token_expired" : "invalid_session_token");
        } catch (MalformedClaimException e) {
            throw new Refused("invalid_session_token");
        }
        record Session(String organization, String role, boolean enabled, boolean live, String locale) {
        }
        Session session = sql.one("SELECT s.org_id, u.role, u.is_enabled, s.revoked_at IS NULL, o.locale FROM sessions s "
                + "JOIN users u ON u.id = s.user_id JOIN organizations o ON o.id = s.org_id WHERE s.id = ? AND s.user_id = ?",
                row -> new Session(row.getString(1), row.getString(2), row.getBoolean(3), row.getBoolean(4), row.getString(5)),
                sessionId, userId).orElseThrow(() -> new Refused("unknown_session"));
        if (!session.live()) {
            throw new Refused("session_ended");
        }
        if (!session.enabled()) {
            throw new Refused("user_disabled");
        }
        return userClaims(userId, session.organization(), session.role(), "session", sessionId, sessionId, session.locale());
    }

    private CallerClaims userClaims(String userId, String organization, String role, String kind, String sessionId,
            String credential, String locale) {
        return new CallerClaims(organization, userId, kind, null, false, List.of(role), departments.claims(userId), sessionId,
                credential, locale);
    }
}
