package dev.entrepot.platform.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import dev.entrepot.platform.persistence.PlatformSchema;
import dev.entrepot.platform.persistence.SchemaMigrated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The exact per-organization counts behind an unfiltered list's total_count (see
 * {@link RecordStore}): the table {@code record_counts} and its trigger functions come from
 * {@code db/platform-api}; once the schema is migrated, every table of the service's
 * {@link EntityRegistry} gets the two statement triggers that keep its counts. A table getting them for
 * the first time has its counts seeded from its rows, in the same transaction, under the lock that
 * creating a trigger takes on the table, so no concurrent write is counted twice or missed.
 * Runs under {@link dev.entrepot.platform.persistence.SchemaMigrations}' lock, one replica at a time.
 */
@ApplicationScoped
public class RecordCounting {

    private static final Logger LOG = Logger.getLogger(RecordCounting.class);

    private final DataSource dataSource;
    private final EntityRegistry registry;

    RecordCounting(DataSource dataSource, EntityRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
    }

    @Produces
    @Singleton
    PlatformSchema schema() {
        return new PlatformSchema("platform-api", 20);
    }

    void attachTriggers(@Observes SchemaMigrated migrated) {
        try (Connection connection = dataSource.getConnection()) {
            for (EntityType type : registry.types()) {
                attach(connection, type.table());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Attaching the record-count triggers failed", e);
        }
    }

    private static void attach(Connection connection, String table) throws SQLException {
        boolean counting = hasTrigger(connection, table, table + "_count_inserted");
        if (counting && hasTrigger(connection, table, table + "_count_deleted")) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(trigger(table, "inserted", "INSERT", "NEW"));
            statement.execute(trigger(table, "deleted", "DELETE", "OLD"));
            if (!counting) {
                // Rows written before the triggers existed (a table whose counting starts now).
                try (PreparedStatement clear = connection.prepareStatement("DELETE FROM record_counts WHERE table_name = ?")) {
                    clear.setString(1, table);
                    clear.executeUpdate();
                }
                statement.execute("INSERT INTO record_counts (table_name, org_id, count) SELECT " + literal(table)
                        + ", org_id, count(*) FROM " + identifier(table) + " GROUP BY org_id");
                LOG.infof("Counting the records of %s from now on", table);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String trigger(String table, String change, String operation, String transition) {
        return "CREATE OR REPLACE TRIGGER " + identifier(table + "_count_" + change) + " AFTER " + operation + " ON "
                + identifier(table) + " REFERENCING " + transition + " TABLE AS " + change + "_records"
                + " FOR EACH STATEMENT EXECUTE FUNCTION count_" + change + "_records()";
    }

    private static boolean hasTrigger(Connection connection, String table, String trigger) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = ? AND NOT tgisinternal")) {
            statement.setString(1, identifier(table));
            statement.setString(2, trigger);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Table names come from the service's EntityType declarations, never from a request. */
    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain table name: " + name);
        }
        return name;
    }

    private static String literal(String name) {
        return "'" + identifier(name) + "'";
    }
}
