package dev.entrepot.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

/**
 * What every service with a database must show: it runs on a database of its own, built from nothing
 * by its Flyway migrations, every one of which succeeded. A service's test class extends it, adds
 * {@code @QuarkusTest} and {@code @RealInfrastructure(database = ...)}, and names the tables its
 * migrations create.
 */
public abstract class DatabaseContractTest {

    @Inject
    DataSource dataSource;

    /** Tables the service's migrations must have created. */
    protected abstract List<String> expectedTables();

    @Test
    void runsOnAFreshDatabaseOfItsOwn() throws SQLException {
        assertThat(strings("SELECT current_database()")).singleElement().asString().contains("_test_");
    }

    @Test
    void everyMigrationSucceeded() throws SQLException {
        // The platform's tables come first (docs/foundation.md, Schema), so the service's history opens
        // with Flyway's baseline marker (version 0) before its first migration.
        assertThat(strings("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL AND type <> 'BASELINE'"
                + " ORDER BY installed_rank")).startsWith("1");
        assertThat(strings("SELECT script FROM flyway_schema_history WHERE NOT success")).isEmpty();
    }

    @Test
    void migrationsCreatedTheSchema() throws SQLException {
        assertThat(strings("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"))
                .containsAll(expectedTables());
    }

    private List<String> strings(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
