package dev.entrepot.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.events.OutboxRelay;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The relay's pass walks the outbox's indexes whatever plan its pooled connection holds (bench/README.md,
 * "A cached plan kept from a young outbox"): a generic plan made while the table was small is a sequential
 * scan, and a connection keeps it as the table grows. Here PostgreSQL is made to use a generic plan
 * ({@code plan_cache_mode}) on an empty outbox, and the relay's read is explained outside and inside its
 * pass. (A plan cached before the pass's settings would be kept regardless: the relay plans its read only
 * inside its passes.)
 */
@QuarkusTest
@RealInfrastructure(database = "catalog")
class OutboxRelayPlanTest {

    @Inject
    DataSource dataSource;

    @Test
    void aGenericPlanOfTheRelaysReadWalksTheIndexesOfAYoungOutbox() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // A young outbox: empty copies of the tables, in a schema of this transaction alone (rolled back).
                String schema = "relay_plan_" + Long.toHexString(System.nanoTime());
                statement.execute("CREATE SCHEMA " + schema);
                statement.execute("CREATE TABLE " + schema + ".event_outbox (LIKE public.event_outbox INCLUDING ALL)");
                statement.execute("CREATE TABLE " + schema + ".event_outbox_relay (LIKE public.event_outbox_relay INCLUDING ALL)");
                statement.execute("INSERT INTO " + schema + ".event_outbox_relay SELECT * FROM public.event_outbox_relay");
                statement.execute("SET LOCAL search_path = " + schema);
                statement.execute("SET LOCAL plan_cache_mode = force_generic_plan");

                statement.execute("PREPARE planner_alone(bigint, text, bigint) AS " + numbered(OutboxRelay.WAITING));
                assertThat(plan(statement, "planner_alone")).as("the generic plan a planner left to itself makes")
                        .anyMatch(line -> line.contains("Seq Scan on event_outbox"));

                try (PreparedStatement start = connection.prepareStatement(OutboxRelay.START)) {
                    start.setLong(1, 42); // another lock than the relay's: this pass need not win it
                    start.executeQuery().close();
                }
                // As the relay's connection does: its read is planned (and the plan cached) only inside a pass.
                statement.execute("PREPARE relay_waiting(bigint, text, bigint) AS " + numbered(OutboxRelay.WAITING));
                assertThat(plan(statement, "relay_waiting")).as("the generic plan inside the relay's pass")
                        .noneMatch(line -> line.contains("Seq Scan") || line.contains("Bitmap"))
                        .anyMatch(line -> line.contains("Index") && line.contains("event_outbox"));
            } finally {
                connection.rollback();
                // Prepared statements outlive a rollback: the pooled connection must not keep them.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT name FROM pg_prepared_statements WHERE name IN ('planner_alone', 'relay_waiting')");
                    List<String> names = new ArrayList<>();
                    try (ResultSet prepared = statement.getResultSet()) {
                        while (prepared.next()) {
                            names.add(prepared.getString(1));
                        }
                    }
                    for (String name : names) {
                        statement.execute("DEALLOCATE " + name);
                    }
                }
                connection.rollback();
            }
        }
    }

    private static List<String> plan(Statement statement, String prepared) throws Exception {
        List<String> lines = new ArrayList<>();
        try (ResultSet plan = statement.executeQuery("EXPLAIN EXECUTE " + prepared + "(0, '0', 0)")) {
            while (plan.next()) {
                lines.add(plan.getString(1));
            }
        }
        return lines;
    }

    /** JDBC's {@code ?} placeholders as PREPARE's {@code $1, $2, ...}. */
    private static String numbered(String sql) {
        StringBuilder numbered = new StringBuilder();
        int next = 1;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(next++);
            } else {
                numbered.append(c);
            }
        }
        return numbered.toString();
    }
}
