package dev.entrepot.integrations.connect;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Ids;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * Configurations and connections in PostgreSQL (Hibernate ORM entities {@link ConfigurationRow} and
 * {@link ConnectionRow}), their secrets sealed by {@link SecretBox} with the row
 * and column as context. At start, values sealed under an older master key are re-wrapped under the
 * current one (rotation: add the new key to SECRETS_MASTER_KEYS, restart, later drop the old key).
 */
@ApplicationScoped
@Transactional
public class ConnectionStore {

    private static final Logger LOG = Logger.getLogger(ConnectionStore.class);

    private static final Sort BY_CREATED = Sort.by("created").and("id");

    private final ConfigurationRows configurations;
    private final ConnectionRows connections;
    private final SecretBox box;

    ConnectionStore(ConfigurationRows configurations, ConnectionRows connections, SecretBox box) {
        this.configurations = configurations;
        this.connections = connections;
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
        ConfigurationRow row = new ConfigurationRow(id, organization, connectorId, clientId,
                box.seal(clientSecret, context("configuration", id, "client_secret")), scopes.toArray(String[]::new),
                box.currentVersion(), now, now);
        configurations.persistAndFlush(row);
        return configuration(row);
    }

    /**
     * Sets what is given (null: kept) of the organization's configuration of the connector, under its row's lock;
     * 404 for any other (another organization's too).
     */
    public Configuration updateConfiguration(String organization, String connectorId, String id, String clientId,
            String clientSecret, List<String> scopes) {
        ConfigurationRow row = locked(organization, connectorId, id);
        row.changed(clientId, clientSecret == null ? null : box.seal(clientSecret, context("configuration", id, "client_secret")),
                scopes == null ? null : scopes.toArray(String[]::new), box.currentVersion(), now());
        configurations.flush();
        return configuration(row);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Configuration> configurations(String organization, String connectorId) {
        return configurations.find("organization = ?1 and connectorId = ?2", BY_CREATED, organization, connectorId).stream()
                .map(this::configuration).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Configuration> configuration(String organization, String connectorId, String id) {
        return configurations.find("id = ?1 and organization = ?2 and connectorId = ?3", id, organization, connectorId)
                .firstResultOptional().map(this::configuration);
    }

    /** Deletes the organization's configuration of the connector: 404 for any other (another organization's too), 409 while used. */
    public void deleteConfiguration(String organization, String connectorId, String id) {
        // Locked: a connection being added to it waits, and is counted below or finds the configuration gone.
        locked(organization, connectorId, id);
        if (connections.count("organization = ?1 and configurationId = ?2", organization, id) > 0) {
            throw new ApiException(409, "referenced", "Configuration " + id + " still has connections; delete them first");
        }
        configurations.delete("id = ?1 and organization = ?2 and connectorId = ?3", id, organization, connectorId);
    }

    public Connection addConnection(String organization, String connectorId, String configurationId, String accessToken,
            String refreshToken, OffsetDateTime expiresAt) {
        String id = Ids.next();
        ConnectionRow row = new ConnectionRow(id, organization, connectorId, configurationId,
                box.seal(accessToken, context("connection", id, "access_token")),
                refreshToken == null ? null : box.seal(refreshToken, context("connection", id, "refresh_token")), expiresAt,
                box.currentVersion(), now());
        try {
            connections.persistAndFlush(row);
        } catch (ConstraintViolationException e) {
            if (e.getKind() == ConstraintViolationException.ConstraintKind.FOREIGN_KEY) {
                // The configuration was deleted between the caller's check and this insert.
                throw ApiException.notFound("No configuration " + configurationId);
            }
            throw e;
        }
        return connection(row);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Connection> connections(String organization, String connectorId) {
        return connections.find("organization = ?1 and connectorId = ?2", BY_CREATED, organization, connectorId).stream()
                .map(this::connection).toList();
    }

    /** A connection of the organization, whatever its connector. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Connection> connection(String organization, String id) {
        return connections.find("id = ?1 and organization = ?2", id, organization).firstResultOptional().map(this::connection);
    }

    public Connection deleteConnection(String organization, String connectorId, String id) {
        Connection connection = connection(organization, id).filter(found -> found.connectorId().equals(connectorId))
                .orElseThrow(() -> ApiException.notFound("No connection " + id));
        connections.delete("id", id);
        return connection;
    }

    /**
     * Stores refreshed tokens — the access token, and the refresh token when the provider rotated it, in
     * one statement — only if {@code fence} is newer than the fence of the tokens stored: a lock holder
     * that stalled past its lease cannot overwrite what a later holder stored. Returns whether it wrote.
     */
    public boolean storeRefreshed(String id, long fence, String accessToken, String refreshToken, OffsetDateTime expiresAt) {
        // One conditional UPDATE, not a read and a write: the fence comparison and the write are atomic.
        return connections.update("accessTokenSealed = ?1, refreshTokenSealed = coalesce(?2, refreshTokenSealed), expiresAt = ?3, "
                + "tokenFence = ?4, keyVersion = ?5, refreshed = current_timestamp, updated = current_timestamp "
                + "where id = ?6 and tokenFence < ?4", box.seal(accessToken, context("connection", id, "access_token")),
                refreshToken == null ? null : box.seal(refreshToken, context("connection", id, "refresh_token")), expiresAt, fence,
                box.currentVersion(), id) == 1;
    }

    public void markInvalid(String id, String reason) {
        connections.update("status = 'invalid', invalidReason = ?1, updated = current_timestamp where id = ?2", reason, id);
    }

    /** The organization's configuration of the connector, locked for this transaction; 404 for any other. */
    private ConfigurationRow locked(String organization, String connectorId, String id) {
        return configurations.find("id = ?1 and organization = ?2 and connectorId = ?3", id, organization, connectorId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("No configuration " + id));
    }

    /** Re-wraps every secret sealed under an older master key; returns how many rows changed. */
    int rewrapAll() {
        int version = box.currentVersion();
        List<ConfigurationRow> oldConfigurations = configurations.list("keyVersion <> ?1", version);
        oldConfigurations.forEach(row -> row.resealed(box.rewrap(row.clientSecretSealed()), version));
        List<ConnectionRow> oldConnections = connections.list("keyVersion <> ?1", version);
        oldConnections.forEach(row -> row.resealed(box.rewrap(row.accessTokenSealed()),
                row.refreshTokenSealed() == null ? null : box.rewrap(row.refreshTokenSealed()), version));
        configurations.flush();
        return oldConfigurations.size() + oldConnections.size();
    }

    void rewrapAtStart(@Observes StartupEvent start) {
        int rows = rewrapAll();
        if (rows > 0) {
            LOG.infof("Re-wrapped the secrets of %d rows under master key %d", rows, box.currentVersion());
        }
    }

    // The mappers detach the row they read: storeRefreshed and markInvalid update in one statement, which
    // does not touch entities already loaded, and a later read (in the same session: the request's, outside
    // a transaction) must see what they wrote.
    private Configuration configuration(ConfigurationRow row) {
        configurations.getEntityManager().detach(row);
        return new Configuration(row.id(), row.connectorId(), row.clientId(),
                box.open(row.clientSecretSealed(), context("configuration", row.id(), "client_secret")), List.of(row.scopes()),
                utc(row.created()), utc(row.updated()));
    }

    private Connection connection(ConnectionRow row) {
        connections.getEntityManager().detach(row);
        String id = row.id();
        String refresh = row.refreshTokenSealed();
        return new Connection(id, row.connectorId(), row.configurationId(), row.status(), row.invalidReason(),
                box.open(row.accessTokenSealed(), context("connection", id, "access_token")),
                refresh == null ? null : box.open(refresh, context("connection", id, "refresh_token")), utc(row.expiresAt()),
                row.tokenFence(), utc(row.refreshed()), utc(row.created()), utc(row.updated()));
    }

    /** As the JDBC driver reads a timestamptz: the instant at offset UTC. */
    private static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static String context(String table, String id, String column) {
        return table + ":" + id + ":" + column;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}
