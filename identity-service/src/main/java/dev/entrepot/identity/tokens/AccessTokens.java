package dev.entrepot.identity.tokens;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.identity.accounts.IdentityEvents;
import dev.entrepot.identity.accounts.Input;
import dev.entrepot.identity.accounts.Times;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * A user's long-lived access tokens: for scripts that cannot log in. Shown once, stored as a hash,
 * expiring after {@code expires_in} seconds or never (null), revocable.
 */
@ApplicationScoped
public class AccessTokens {

    /** Ten years: the longest finite lifetime. */
    private static final long MAX_EXPIRES_IN = 10L * 366 * 24 * 3600;
    private static final String COLUMNS = "id, name, prefix, created, expires_at, last_used";

    private final Sql sql;
    private final IdentityEvents events;

    AccessTokens(Sql sql, IdentityEvents events) {
        this.sql = sql;
        this.events = events;
    }

    @Transactional
    public ObjectNode create(String organization, String userId, JsonNode body) {
        Input input = new Input(body).only("name", "expires_in");
        String name = input.text("name", true, 200);
        if (!body.has("expires_in")) {
            input.problem("expires_in", "expires_in is required: seconds, or null for a token that never expires");
        }
        Long expiresIn = input.number("expires_in", 60, MAX_EXPIRES_IN);
        input.check();
        String token = Secrets.ACCESS_TOKEN.generate();
        String id = Ids.next();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        sql.update("INSERT INTO access_tokens (id, org_id, user_id, name, prefix, token_hash, created, expires_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, organization, userId, name, Secrets.visiblePart(token),
                Secrets.hash(token), now, expiresIn == null ? null : now.plusSeconds(expiresIn));
        return find(organization, userId, id).put("token", token);
    }

    public List<ObjectNode> list(String organization, String userId) {
        return sql.list("SELECT " + COLUMNS + " FROM access_tokens WHERE org_id = ? AND user_id = ? ORDER BY created, id",
                AccessTokens::json, organization, userId);
    }

    @Transactional
    public void revoke(String organization, String userId, String id) {
        if (sql.update("DELETE FROM access_tokens WHERE org_id = ? AND user_id = ? AND id = ?", organization, userId, id) == 0) {
            throw ApiException.notFound("No access token with id " + id);
        }
        events.userCredential("access-token.revoked", organization, id, userId);
    }

    private ObjectNode find(String organization, String userId, String id) {
        return sql.one("SELECT " + COLUMNS + " FROM access_tokens WHERE org_id = ? AND user_id = ? AND id = ?",
                AccessTokens::json, organization, userId, id).orElseThrow();
    }

    private static ObjectNode json(ResultSet row) throws SQLException {
        ObjectNode token = JsonNodeFactory.instance.objectNode();
        token.put("id", row.getString("id"));
        token.put("name", row.getString("name"));
        token.put("prefix", row.getString("prefix"));
        Times.put(token, "created", Sql.timestamp(row, "created"));
        Times.put(token, "expires_at", Sql.timestamp(row, "expires_at"));
        Times.put(token, "last_used", Sql.timestamp(row, "last_used"));
        return token;
    }
}
