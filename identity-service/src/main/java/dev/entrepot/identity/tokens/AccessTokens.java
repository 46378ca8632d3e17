package dev.entrepot.identity.tokens;

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
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * A user's long-lived access tokens: for scripts that cannot log in. Shown once, stored as a hash,
 * expiring after {@code expires_in} seconds or never (null), revocable. Rows: {@link AccessTokenRow}.
 */
@ApplicationScoped
public class AccessTokens {

    /** Ten years: the longest finite lifetime. */
    private static final long MAX_EXPIRES_IN = 10L * 366 * 24 * 3600;
    private static final Sort BY_CREATED = Sort.by("created").and("id");

    private final AccessTokenRows tokens;
    private final IdentityEvents events;

    AccessTokens(AccessTokenRows tokens, IdentityEvents events) {
        this.tokens = tokens;
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
        AccessTokenRow row = new AccessTokenRow(id, organization, userId, name, Secrets.visiblePart(token), Secrets.hash(token),
                now, expiresIn == null ? null : now.plusSeconds(expiresIn));
        tokens.persistAndFlush(row);
        return json(row).put("token", token);
    }

    public List<ObjectNode> list(String organization, String userId) {
        return tokens.find("organization = ?1 and userId = ?2", BY_CREATED, organization, userId).stream()
                .map(AccessTokens::json).toList();
    }

    @Transactional
    public void revoke(String organization, String userId, String id) {
        if (tokens.delete("organization = ?1 and userId = ?2 and id = ?3", organization, userId, id) == 0) {
            throw ApiException.notFound("No access token with id " + id);
        }
        events.userCredential("access-token.revoked", organization, id, userId);
    }

    /**
     * Notes that the token was used, at most once a minute (so a busy script does not write on every call):
     * one conditional update.
     */
    void touch(String id) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        tokens.update("lastUsed = ?2 where id = ?1 and (lastUsed is null or lastUsed < ?3)", id, now, now.minusMinutes(1));
    }

    private static ObjectNode json(AccessTokenRow row) {
        ObjectNode token = JsonNodeFactory.instance.objectNode();
        token.put("id", row.id());
        token.put("name", row.name());
        token.put("prefix", row.prefix());
        Times.put(token, "created", row.created());
        Times.put(token, "expires_at", row.expiresAt());
        Times.put(token, "last_used", row.lastUsed());
        return token;
    }
}
