package dev.entrepot.integrations.connect;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.persistence.Sql;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

/**
 * Configurations and connections in PostgreSQL, their secrets sealed by {@link SecretBox} with the row
 * and column as context. At start, values sealed under an older master key are re-wrapped under the
 * current one (rotation: add the new key to SECRETS_MASTER_KEYS, restart, later drop the old key).
 */
@ApplicationScoped
@Transactional
public class ConnectionStore {

    private static final Logger LOG = Logger.getLogger(ConnectionStore.class);

    private final Sql sql;
    private final SecretBox box;

    ConnectionStore(Sql sql, SecretBox box) {
        this.sql = sql;
        this.box = box;
    }

    public record Configuration(String id, String connectorId, String clientId, String clientSecret, List<String> scopes,
            OffsetDateTime created, OffsetDateTime updated) {
    }

    public record Connection(String id, String connectorId, String configurationId, String status, String invalidReason,
            String accessToken, String refreshToken, OffsetDateTime expiresAt, long fence, OffsetDateTime refreshed,
            OffsetDateTime created, OffsetDateTime updated) {

        public boolean isValid() {
            return status.equals("valid");
        }
    }

    public Configuration addConfiguration(String organization, String connectorId, String clientId, String clientSecret,
            List<String> scopes) {
        String id = Ids.next();
        OffsetDateTime now = now();
        sql.update("INSERT INTO configurations (id, org_id, connector_id, client_id, client_secret_sealed, scopes, key_version, "
                + "created, updated) VALUES (?, ?, ?, ?, ?, ?::text[], ?, ?, ?)", id, organization, connectorId, clientId,
                box.seal(clientSecret, context("configuration", id, "client_secret")), textArray(scopes), box.currentVersion(), now,
                now);
        return configuration(organization, connectorId, id).orElseThrow();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Configuration> configurations(String organization, String connectorId) {
        return sql.list("SELECT * FROM configurations WHERE org_id = ? AND connector_id = ? ORDER BY created, id",
                this::configuration, organization, connectorId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Configuration> configuration(String organization, String connectorId, String id) {
        return sql.one("SELECT * FROM configurations WHERE org_id = ? AND connector_id = ? AND id = ?", this::configuration,
                organization, connectorId, id);
    }

    public void deleteConfiguration(String organization, String connectorId, String id) {
        if (sql.one("SELECT 1 FROM connections WHERE configuration_id = ? LIMIT 1", row -> 1, id).isPresent()) {
            throw new ApiException(409, "referenced", "Configuration " + id + " still has connections; delete them first");
        }
        if (sql.update("DELETE FROM configurations WHERE org_id = ? AND connector_id = ? AND id = ?", organization, connectorId, id) == 0) {
            throw ApiException.notFound("No configuration " + id);
        }
    }

    public Connection addConnection(String organization, String connectorId, String configurationId, String accessToken,
            String refreshToken, OffsetDateTime expiresAt) {
        String id = Ids.next();
        OffsetDateTime now = now();
        sql.update("INSERT INTO connections (id, org_id, connector_id, configuration_id, status, access_token_sealed, "
                + "refresh_token_sealed, expires_at, key_version, created, updated) VALUES (?, ?, ?, ?, 'valid', ?, ?, ?, ?, ?, ?)",
                id, organization, connectorId, configurationId, box.seal(accessToken, context("connection", id, "access_token")),
                refreshToken == null ? null : box.seal(refreshToken, context("connection", id, "refresh_token")), expiresAt,
                box.currentVersion(), now, now);
        return connection(organization, id).orElseThrow();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Connection> connections(String organization, String connectorId) {
        return sql.list("SELECT * FROM connections WHERE org_id = ? AND connector_id = ? ORDER BY created, id", this::connection,
                organization, connectorId);
    }

    /** A connection of the organization, whatever its connector. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Connection> connection(String organization, String id) {
        return sql.one("SELECT * FROM connections WHERE org_id = ? AND id = ?", this::connection, organization, id);
    }

    public Connection deleteConnection(String organization, String connectorId, String id) {
        Connection connection = connection(organization, id).filter(found -> found.connectorId().equals(connectorId))
                .orElseThrow(() -> ApiException.notFound("No connection " + id));
        sql.update("DELETE FROM connections WHERE id = ?", id);
        return connection;
    }

    /**
     * Stores refreshed tokens — the access token, and the refresh token when the provider rotated it, in
     * one statement — only if {@code fence} is newer than the fence of the tokens stored: a lock holder
     * that stalled past its lease cannot overwrite what a later holder stored. Returns whether it wrote.
     */
    public boolean storeRefreshed(String id, long fence, String accessToken, String refreshToken, OffsetDateTime expiresAt) {
        return sql.update("UPDATE connections SET access_token_sealed = ?, refresh_token_sealed = coalesce(?, refresh_token_sealed), "
                + "expires_at = ?, token_fence = ?, key_version = ?, refreshed = now(), updated = now() "
                + "WHERE id = ? AND token_fence < ?", box.seal(accessToken, context("connection", id, "access_token")),
                refreshToken == null ? null : box.seal(refreshToken, context("connection", id, "refresh_token")), expiresAt, fence,
                box.currentVersion(), id, fence) == 1;
    }

    public void markInvalid(String id, String reason) {
        sql.update("UPDATE connections SET status = 'invalid', invalid_reason = ?, updated = now() WHERE id = ?", reason, id);
    }

    /** Re-wraps every secret sealed under an older master key; returns how many rows changed. */
    int rewrapAll() {
        int rows = 0;
        for (String[] row : sql.list("SELECT id, client_secret_sealed FROM configurations WHERE key_version <> ?",
                result -> new String[] { result.getString(1), result.getString(2) }, box.currentVersion())) {
            rows += sql.update("UPDATE configurations SET client_secret_sealed = ?, key_version = ? WHERE id = ?", box.rewrap(row[1]),
                    box.currentVersion(), row[0]);
        }
        for (String[] row : sql.list("SELECT id, access_token_sealed, refresh_token_sealed FROM connections WHERE key_version <> ?",
                result -> new String[] { result.getString(1), result.getString(2), result.getString(3) }, box.currentVersion())) {
            rows += sql.update("UPDATE connections SET access_token_sealed = ?, refresh_token_sealed = ?, key_version = ? WHERE id = ?",
                    box.rewrap(row[1]), row[2] == null ? null : box.rewrap(row[2]), box.currentVersion(), row[0]);
        }
        return rows;
    }

    void rewrapAtStart(@Observes StartupEvent start) {
        int rows = rewrapAll();
        if (rows > 0) {
            LOG.infof("Re-wrapped the secrets of %d rows under master key %d", rows, box.currentVersion());
        }
    }

    private Configuration configuration(ResultSet row) throws SQLException {
        String id = row.getString("id");
        Array scopes = row.getArray("scopes");
        return new Configuration(id, row.getString("connector_id"), row.getString("client_id"),
                box.open(row.getString("client_secret_sealed"), context("configuration", id, "client_secret")),
                List.of((String[]) scopes.getArray()), Sql.timestamp(row, "created"), Sql.timestamp(row, "updated"));
    }

    private Connection connection(ResultSet row) throws SQLException {
        String id = row.getString("id");
        String refresh = row.getString("refresh_token_sealed");
        return new Connection(id, row.getString("connector_id"), row.getString("configuration_id"), row.getString("status"),
                row.getString("invalid_reason"), box.open(row.getString("access_token_sealed"), context("connection", id, "access_token")),
                refresh == null ? null : box.open(refresh, context("connection", id, "refresh_token")), Sql.timestamp(row, "expires_at"),
                row.getLong("token_fence"), Sql.timestamp(row, "refreshed"), Sql.timestamp(row, "created"), Sql.timestamp(row, "updated"));
    }

    private static String context(String table, String id, String column) {
        return table + ":" + id + ":" + column;
    }

    private static String textArray(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            literal.append(i == 0 ? "" : ",").append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}
