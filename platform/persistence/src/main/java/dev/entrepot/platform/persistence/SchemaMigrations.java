package dev.entrepot.platform.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

/**
 * Builds the service's schema at start, before anything else observes the start: first every
 * {@link PlatformSchema} (each platform module's migrations, each with a Flyway history of its own), then
 * the service's own migrations ({@code db/migration}, configured by {@code quarkus.flyway.*}, history
 * {@code flyway_schema_history}), so a service migration may rely on the platform's tables; then
 * {@link SchemaMigrated}. Quarkus' own migrate-at-start is off: it would run the service's migrations
 * before any of this. Replicas starting together take turns (a session advisory lock held throughout);
 * the later ones find nothing to do. See docs/foundation.md, Schema.
 */
@ApplicationScoped
public class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class);
    private static final long SCHEMA_LOCK = 0x656e7472_7363686dL; // "entrschm"

    private final DataSource dataSource;
    private final Flyway service;
    private final List<PlatformSchema> platform;
    private final Event<SchemaMigrated> migrated;

    SchemaMigrations(DataSource dataSource, Flyway service, Instance<PlatformSchema> platform, Event<SchemaMigrated> migrated) {
        this.dataSource = dataSource;
        this.service = service;
        this.platform = platform.stream()
                .sorted(Comparator.comparingInt(PlatformSchema::rank).thenComparing(PlatformSchema::module))
                .toList();
        this.migrated = migrated;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started) {
        migrate();
    }

    /** Applies whatever is pending; a schema already up to date is left as it is. */
    public void migrate() {
        try (Connection connection = dataSource.getConnection()) {
            call(connection, "SELECT pg_advisory_lock(?)");
            try {
                migrateLocked(connection);
            } finally {
                call(connection, "SELECT pg_advisory_unlock(?)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Migrating the database failed", e);
        }
    }

    /** The platform modules whose migrations this service applies, in order. */
    public List<PlatformSchema> platformSchemas() {
        return platform;
    }

    private void migrateLocked(Connection connection) throws SQLException {
        // A database migrated before the shared tables moved into the platform: its service history
        // lists the service migrations as they were (since rewritten without those tables).
        boolean movingIn = exists(connection, service.getConfiguration().getTable())
                && platform.stream().noneMatch(schema -> exists(connection, schema.historyTable()));
        for (PlatformSchema schema : platform) {
            flyway(schema).migrate();
        }
        if (movingIn) {
            LOG.info("The platform's tables moved out of the service's migrations: recording the rewritten "
                    + "migrations in " + service.getConfiguration().getTable());
            service.repair();
        }
        service.migrate();
        migrated.fire(new SchemaMigrated());
    }

    private Flyway flyway(PlatformSchema schema) {
        Configuration serviceConfiguration = service.getConfiguration();
        return Flyway.configure(Thread.currentThread().getContextClassLoader())
                .dataSource(dataSource)
                .schemas(serviceConfiguration.getSchemas())
                .locations(schema.location())
                .failOnMissingLocations(true)
                .table(schema.historyTable())
                // The schema is shared with the other histories: one created on a non-empty schema
                // starts with Flyway's baseline marker at version 0 and still applies V1 onwards.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .cleanDisabled(true)
                .load();
    }

    private static boolean exists(Connection connection, String table) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Looking for " + table + " failed", e);
        }
    }

    private static void call(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, SCHEMA_LOCK);
            statement.execute();
        }
    }
}
