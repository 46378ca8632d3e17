package dev.entrepot.identity.apikeys;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.identity.Identity;
import dev.entrepot.identity.accounts.IdentityEvents;
import dev.entrepot.identity.accounts.Input;
import dev.entrepot.identity.accounts.Times;
import dev.entrepot.identity.tokens.Secrets;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Elevation;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.api.RecordChange;
import dev.entrepot.platform.persistence.Sql;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

/**
 * The API keys of an integration: several per integration (one per person or machine), the key itself
 * shown once in the create answer, only its SHA-256 hash kept. A key acts at owner level unless created
 * with a narrower {@code role}. Rows: {@link ApiKeyRow}; the integration itself is a generic record
 * ({@link Identity#INTEGRATIONS}), read here by plain SQL.
 */
@ApplicationScoped
public class IntegrationKeys {

    private static final Sort BY_CREATED = Sort.by("created").and("id");

    private final ApiKeyRows keys;
    private final Sql sql;
    private final IdentityEvents events;

    IntegrationKeys(ApiKeyRows keys, Sql sql, IdentityEvents events) {
        this.keys = keys;
        this.sql = sql;
        this.events = events;
    }

    /** Creates a key; the answer is the only place the key ever appears. */
    @Transactional
    public ObjectNode create(String organization, String integrationId, JsonNode body) {
        String integration = integrationName(organization, integrationId);
        Input input = new Input(body).only("name", "role");
        String name = input.text("name", true, 200);
        String role = input.oneOf("role", Elevation.ORGANIZATION_ROLES, Elevation.OWNER);
        input.check();
        String key = Secrets.API_KEY.generate();
        String id = Ids.next();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        ApiKeyRow row = new ApiKeyRow(id, organization, integrationId, name, role, Secrets.visiblePart(key), Secrets.hash(key),
                now);
        keys.persistAndFlush(row);
        ObjectNode created = json(row);
        created.put("integration", integration);
        events.apiKey("created", organization, created);
        return created.deepCopy().put("key", key);
    }

    public List<ObjectNode> list(String organization, String integrationId) {
        integrationName(organization, integrationId);
        return keys.find("organization = ?1 and integrationId = ?2", BY_CREATED, organization, integrationId).stream()
                .map(IntegrationKeys::json).toList();
    }

    /** Revokes a key: it fails from this moment. Of two revocations at once, one deletes it and the other is a 404. */
    @Transactional
    public void revoke(String organization, String integrationId, String keyId) {
        String integration = integrationName(organization, integrationId);
        ObjectNode key = keys.find("organization = ?1 and integrationId = ?2 and id = ?3", organization, integrationId, keyId)
                .firstResultOptional().map(IntegrationKeys::json).orElseThrow(() -> notFound(keyId));
        if (keys.delete("id = ?1", keyId) == 0) {
            throw notFound(keyId);
        }
        key.put("integration", integration);
        events.apiKey("revoked", organization, key);
    }

    /**
     * Notes that the key was used, at most once a minute (so a busy integration does not write on every
     * call): one conditional update. Called by the authentication of every API key.
     */
    public void touch(String keyId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        keys.update("lastUsed = ?2 where id = ?1 and (lastUsed is null or lastUsed < ?3)", keyId, now, now.minusMinutes(1));
    }

    /** An integration's name names its data: it cannot change once created. */
    void refuseRename(@Observes RecordChange change) {
        if (change.type() == Identity.INTEGRATIONS && change.before() != null && change.after() != null
                && !change.before().json().path("name").equals(change.after().json().path("name"))) {
            throw new ApiException(422, "validation_failed", "An integration cannot be renamed",
                    List.of(FieldError.of("name", "cannot change: it names the integration's data; "
                            + "create a new integration instead")));
        }
    }


    /** The integration's name; another organization's integration is simply not found. */
    private String integrationName(String organization, String integrationId) {
        return sql.one("SELECT name FROM integrations WHERE org_id = ? AND id = ?", row -> row.getString(1),
                organization, integrationId).orElseThrow(() -> ApiException.notFound("No integration with id " + integrationId));
    }

    private static ObjectNode json(ApiKeyRow row) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        key.put("id", row.id());
        key.put("integration_id", row.integrationId());
        key.put("name", row.name());
        key.put("role", row.role());
        key.put("prefix", row.prefix());
        Times.put(key, "created", row.created());
        Times.put(key, "last_used", row.lastUsed());
        return key;
    }

    private static ApiException notFound(String keyId) {
        return ApiException.notFound("No API key with id " + keyId);
    }
}
