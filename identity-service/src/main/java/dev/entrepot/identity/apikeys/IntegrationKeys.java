package dev.entrepot.identity.apikeys;

import java.sql.ResultSet;
import java.sql.SQLException;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

/**
 * The API keys of an integration: several per integration (one per person or machine), the key itself
 * shown once in the create answer, only its SHA-256 hash kept. A key acts at owner level unless created
 * with a narrower {@code role}.
 */
@ApplicationScoped
public class IntegrationKeys {

    private static final String COLUMNS = "id, integration_id, name, role, prefix, created, last_used";

    private final Sql sql;
    private final IdentityEvents events;

    IntegrationKeys(Sql sql, IdentityEvents events) {
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
        sql.update("INSERT INTO api_keys (id, org_id, integration_id, name, role, prefix, key_hash, created) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, organization, integrationId, name, role, Secrets.visiblePart(key),
                Secrets.hash(key), now);
        ObjectNode created = find(organization, integrationId, id);
        created.put("integration", integration);
        events.apiKey("created", organization, created);
        return created.deepCopy().put("key", key);
    }

    public List<ObjectNode> list(String organization, String integrationId) {
        integrationName(organization, integrationId);
        return sql.list("SELECT " + COLUMNS + " FROM api_keys WHERE org_id = ? AND integration_id = ? ORDER BY created, id",
                IntegrationKeys::json, organization, integrationId);
    }

    /** Revokes a key: it fails from this moment. */
    @Transactional
    public void revoke(String organization, String integrationId, String keyId) {
        String integration = integrationName(organization, integrationId);
        ObjectNode key = find(organization, integrationId, keyId);
        sql.update("DELETE FROM api_keys WHERE id = ?", keyId);
        key.put("integration", integration);
        events.apiKey("revoked", organization, key);
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

    private ObjectNode find(String organization, String integrationId, String keyId) {
        return sql.one("SELECT " + COLUMNS + " FROM api_keys WHERE org_id = ? AND integration_id = ? AND id = ?",
                IntegrationKeys::json, organization, integrationId, keyId)
                .orElseThrow(() -> ApiException.notFound("No API key with id " + keyId));
    }

    /** The integration's name; another organization's integration is simply not found. */
    private String integrationName(String organization, String integrationId) {
        return sql.one("SELECT name FROM integrations WHERE org_id = ? AND id = ?", row -> row.getString(1),
                organization, integrationId).orElseThrow(() -> ApiException.notFound("No integration with id " + integrationId));
    }

    private static ObjectNode json(ResultSet row) throws SQLException {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        key.put("id", row.getString("id"));
        key.put("integration_id", row.getString("integration_id"));
        key.put("name", row.getString("name"));
        key.put("role", row.getString("role"));
        key.put("prefix", row.getString("prefix"));
        Times.put(key, "created", Sql.timestamp(row, "created"));
        Times.put(key, "last_used", Sql.timestamp(row, "last_used"));
        return key;
    }
}
