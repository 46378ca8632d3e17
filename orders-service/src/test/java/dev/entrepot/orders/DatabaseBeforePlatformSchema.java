package dev.entrepot.orders;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

import org.flywaydb.core.Flyway;

import dev.entrepot.platform.testing.LocalServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A database as orders-service's migrations left it before the outbox, the inbox and the record counts
 * moved into the platform: the migrations of that time (copied to src/test/resources under
 * db/orders-before-platform-schema) applied with Flyway, then a few rows written. The application under
 * test then starts on it with the code of today.
 */
public class DatabaseBeforePlatformSchema implements QuarkusTestResourceLifecycleManager {

    static final String OUTBOX_EVENT = "3f1c2a9e-5b7d-4c1e-9a0f-0d2b8c6e4a11";
    static final String INBOX_EVENT = "8a2d4f6b-1c3e-4a5b-9d7f-2e4c6a8b0d13";
    /** An order's lines as placement wrote them before lines had ids. */
    static final String LEGACY_LINES = "[{\"product_id\": \"legacyproduct01\", \"sku\": \"K-1\", \"name\": \"Kettle\", \"quantity\": 1,"
            + " \"unit_price\": 15, \"total\": 15}, {\"product_id\": \"legacyproduct02\", \"sku\": \"M-1\", \"name\": \"Mug\","
            + " \"quantity\": 2, \"unit_price\": 10, \"total\": 20}]";

    private String database;

    @Override
    public Map<String, String> start() {
        database = "orders_test_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        LocalServices.administer("CREATE DATABASE " + database);
        String url = LocalServices.jdbcUrl(database);
        Flyway.configure(getClass().getClassLoader())
                .dataSource(url, LocalServices.dbUser(), LocalServices.dbPassword())
                .locations("classpath:db/orders-before-platform-schema")
                .failOnMissingLocations(true)
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url, LocalServices.dbUser(), LocalServices.dbPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO customers (id, org_id, version, created, updated, name) VALUES"
                    + " ('legacycustomer1', 'org_a', 1, now(), now(), 'Ada'),"
                    + " ('legacycustomer2', 'org_a', 1, now(), now(), 'Grace')");
            statement.execute("INSERT INTO customers (id, org_id, version, created, updated, name) VALUES"
                    + " ('legacycustomer3', 'org_b', 1, now(), now(), 'Edsger')");
            statement.execute("INSERT INTO orders (id, org_id, version, created, updated, number, source, status, currency,"
                    + " lines, quantity, subtotal, total) VALUES ('legacyorder0001', 'org_a', 3, now(), now(), 'ORD-000001', 'api',"
                    + " 'confirmed', 'SAR', '" + LEGACY_LINES + "', 3, 35, 35)");
            statement.execute("INSERT INTO event_outbox (event_id, topic, record_key, event_type, payload) VALUES ('"
                    + OUTBOX_EVENT + "', 'orders.customers', 'legacycustomer1', 'entrepot.orders.customer.created.v1',"
                    + " '{\"id\": \"legacycustomer1\"}')");
            statement.execute("INSERT INTO event_inbox (consumer, event_id, event_type) VALUES ('orders-saga', '"
                    + INBOX_EVENT + "', 'entrepot.catalog.inventory.reserved.v1')");
        } catch (SQLException e) {
            throw new IllegalStateException("Preparing " + database + " failed", e);
        }
        return Map.of("quarkus.datasource.jdbc.url", url,
                // The outbox row above stays as it was written (the relay would publish and mark it).
                "entrepot.outbox.relay-enabled", "false");
    }

    @Override
    public void stop() {
        if (database != null) {
            LocalServices.administer("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            database = null;
        }
    }
}
