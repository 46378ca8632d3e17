package dev.entrepot.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.entrepot.platform.persistence.SchemaMigrations;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A database made by orders-service's migrations before the shared tables moved into the platform
 * (see {@link DatabaseBeforePlatformSchema}) starts with today's code with no manual step: same tables
 * and triggers, its rows kept, counts still exact, the platform's histories added, the service's history
 * matching today's migration files.
 */
@QuarkusTest
@RealInfrastructure
@WithTestResource(DatabaseBeforePlatformSchema.class)
class SchemaMovedToPlatformTest {

    @Inject
    DataSource dataSource;

    @Inject
    Flyway serviceMigrations;

    @Inject
    SchemaMigrations schemaMigrations;

    @Test
    void theTablesAndTriggersAreThoseOfANewDatabase() throws SQLException {
        assertThat(strings("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"))
                .containsExactlyInAnyOrder("flyway_schema_history", "flyway_platform_events_history",
                        "flyway_platform_api_history", "event_outbox", "event_outbox_relay", "event_inbox", "customers", "orders", "record_counts",
                        "idempotency_keys", "catalog_prices");
        assertThat(strings("SELECT tgrelid::regclass || '.' || tgname FROM pg_trigger WHERE NOT tgisinternal"))
                .containsExactlyInAnyOrder("customers.customers_count_inserted", "customers.customers_count_deleted",
                        "orders.orders_count_inserted", "orders.orders_count_deleted");
        assertThat(strings("SELECT column_name FROM information_schema.columns WHERE table_name = 'record_counts'"
                + " ORDER BY ordinal_position")).containsExactly("table_name", "org_id", "count", "slot");
        // The inbox's clean-up index, which this service's own inbox migration never had.
        assertThat(strings("SELECT indexname FROM pg_indexes WHERE tablename = 'event_inbox'")).contains("event_inbox_received");
    }

    @Test
    void noRowIsLost() throws SQLException {
        assertThat(strings("SELECT id FROM customers ORDER BY id"))
                .containsExactly("legacycustomer1", "legacycustomer2", "legacycustomer3");
        assertThat(strings("SELECT event_id || ' ' || topic || ' ' || coalesce(published::text, 'unpublished') FROM event_outbox"))
                .containsExactly(DatabaseBeforePlatformSchema.OUTBOX_EVENT + " orders.customers unpublished");
        // The relay starts below the row it has not published yet, so it still publishes it.
        assertThat(strings("SELECT (o.position > r.position)::text FROM event_outbox o, event_outbox_relay r")).containsExactly("true");
        assertThat(strings("SELECT consumer || ' ' || event_id FROM event_inbox"))
                .containsExactly("orders-saga " + DatabaseBeforePlatformSchema.INBOX_EVENT);
    }

    @Test
    void linesPlacedBeforeLinesHadIdsGetOneAndKeepTheRest() throws SQLException {
        List<String> ids = strings("SELECT line ->> 'id' FROM orders, jsonb_array_elements(lines) AS line WHERE id = 'legacyorder0001'");
        assertThat(ids).hasSize(2).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z0-9]{15}"));
        assertThat(strings("SELECT (line - 'id')::text FROM orders, jsonb_array_elements(lines) WITH ORDINALITY AS l(line, n)"
                + " WHERE id = 'legacyorder0001' ORDER BY n")).containsExactly(
                        "{\"sku\": \"K-1\", \"name\": \"Kettle\", \"total\": 15, \"quantity\": 1, \"product_id\": \"legacyproduct01\", "
                                + "\"unit_price\": 15, \"integrationsData\": {}}",
                        "{\"sku\": \"M-1\", \"name\": \"Mug\", \"total\": 20, \"quantity\": 2, \"product_id\": \"legacyproduct02\", "
                                + "\"unit_price\": 10, \"integrationsData\": {}}");
    }

    @Test
    void countsStayExactThroughInsertsAndDeletes() throws SQLException {
        assertThat(count("org_a")).isEqualTo(2);
        assertThat(count("org_b")).isEqualTo(1);

        execute("INSERT INTO customers (id, org_id, version, created, updated, name) VALUES"
                + " ('countedcustom01', 'org_a', 1, now(), now(), 'Barbara'), ('countedcustom02', 'org_a', 1, now(), now(), 'Niklaus')");
        execute("DELETE FROM customers WHERE id IN ('legacycustomer3', 'countedcustom01')");
        execute("INSERT INTO customers (id, org_id, version, created, updated, name) VALUES"
                + " ('countedcustom03', 'org_c', 1, now(), now(), 'Donald')");

        for (String organization : List.of("org_a", "org_b", "org_c")) {
            assertThat(count(organization)).as(organization)
                    .isEqualTo(longValue("SELECT count(*) FROM customers WHERE org_id = '" + organization + "'"));
        }
        assertThat(count("org_a")).isEqualTo(3);
        assertThat(count("org_b")).isZero();

        execute("DELETE FROM customers WHERE id LIKE 'countedcustom%'");
    }

    @Test
    void theHistoriesRecordTheMove() throws SQLException {
        assertThat(strings("SELECT version || ' ' || success FROM flyway_platform_events_history ORDER BY installed_rank"))
                .containsExactly("0 true", "1 true", "2 true", "3 true");
        assertThat(strings("SELECT version || ' ' || success FROM flyway_platform_api_history ORDER BY installed_rank"))
                .containsExactly("0 true", "1 true", "2 true");
        assertThat(strings("SELECT version || ' ' || success FROM flyway_schema_history WHERE version IS NOT NULL"
                + " ORDER BY installed_rank")).containsExactly("1 true", "2 true", "3 true", "4 true", "5 true", "6 true", "7 true", "8 true");
        // The rewritten migrations are recorded as they are now: validation (what every start does) passes.
        assertThat(serviceMigrations.validateWithResult().validationSuccessful).isTrue();
        assertThat(serviceMigrations.info().pending()).isEmpty();
    }

    @Test
    void aSecondStartChangesNothing() throws SQLException {
        List<String> before = histories();
        List<String> countsBefore = strings("SELECT table_name || ' ' || org_id || ' ' || sum(count) FROM record_counts"
                + " GROUP BY table_name, org_id ORDER BY 1");

        schemaMigrations.migrate();

        assertThat(histories()).isEqualTo(before);
        assertThat(strings("SELECT table_name || ' ' || org_id || ' ' || sum(count) FROM record_counts"
                + " GROUP BY table_name, org_id ORDER BY 1")).isEqualTo(countsBefore);
    }

    private List<String> histories() throws SQLException {
        List<String> rows = new ArrayList<>();
        for (String history : List.of("flyway_schema_history", "flyway_platform_events_history", "flyway_platform_api_history")) {
            rows.addAll(strings("SELECT '" + history + " ' || installed_rank || ' ' || coalesce(version, '') || ' '"
                    + " || checksum FROM " + history + " ORDER BY installed_rank"));
        }
        return rows;
    }

    private long count(String organization) throws SQLException {
        return longValue("SELECT coalesce(sum(count), 0) FROM record_counts WHERE table_name = 'customers' AND org_id = '"
                + organization + "'");
    }

    private long longValue(String sql) throws SQLException {
        return Long.parseLong(strings(sql).get(0));
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
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
