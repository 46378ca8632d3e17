package dev.entrepot.bench;

import static dev.entrepot.bench.Load.say;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.entrepot.platform.events.OutboxRelay;
import dev.entrepot.platform.testing.LocalServices;

/**
 * The outbox relay's database work as the outbox's history grows to a million events, run by
 * {@code ./entrepot bench outbox}: at each size, passes that each find and mark 100 new events with the relay's
 * own statements ({@link OutboxRelay#START}, {@link OutboxRelay#WAITING}, {@link OutboxRelay#MARK}; no Kafka),
 * timed, with the buffers one pass's query touches, next to the design it replaced (a partial index of
 * unpublished rows, walked from its start) on the same history. Autovacuum is off for both tables, the worst
 * case: every mark's dead row version stays.
 */
public final class OutboxBenchmark {

    private static final int EVENTS_PER_PASS = 100;
    private static final int PASSES = 50;
    private static final int[] HISTORY = {0, 100_000, 250_000, 500_000, 1_000_000};
    /** About what an order's events weigh. */
    private static final String PAYLOAD = "{\"specversion\":\"1.0\",\"type\":\"entrepot.orders.order.placed.v1\",\"data\":{\"lines\":"
            + "[{\"product_id\":\"p0000000000001\",\"quantity\":1,\"unit_price\":\"10.00\"}],\"currency\":\"SAR\",\"note\":\""
            + "x".repeat(400) + "\"}}";

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "outbox_bench";
        try (Connection connection = DriverManager.getConnection(LocalServices.jdbcUrl(database), LocalServices.dbUser(),
                LocalServices.dbPassword())) {
            new OutboxBenchmark().run(connection);
        }
    }

    void run(Connection connection) throws Exception {
        connection.setAutoCommit(true);
        createTables(connection);
        System.out.println();
        System.out.println("Outbox relay: one pass finds and marks " + EVENTS_PER_PASS + " new events; mean of " + PASSES
                + " passes at each history size (published events before them), autovacuum off");
        System.out.printf(Locale.ROOT, "%12s  %28s  %28s%n", "history", "relay (position + horizon)", "before (partial index)");
        System.out.printf(Locale.ROOT, "%12s  %12s %15s  %12s %15s%n", "events", "ms/pass", "buffers/query", "ms/pass", "buffers/query");
        long history = 0;
        for (int size : HISTORY) {
            grow(connection, "event_outbox", size - history, true);
            grow(connection, "old_outbox", size - history, false);
            history = size;
            double[] relay = passes(connection, true);
            double[] before = passes(connection, false);
            System.out.printf(Locale.ROOT, "%,12d  %12.2f %15.0f  %12.2f %15.0f%n", size, relay[0], relay[1], before[0], before[1]);
        }
    }

    private static void createTables(Connection connection) throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS event_outbox, event_outbox_relay, old_outbox");
            statement.execute(resource("db/platform-events/V1__event_outbox.sql"));
            statement.execute(resource("db/platform-events/V3__event_outbox_relay_position.sql"));
            statement.execute("ALTER TABLE event_outbox SET (autovacuum_enabled = false)");
            // The table as it was before the relay kept a position: found through the index of unpublished rows.
            statement.execute("CREATE TABLE old_outbox (position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                    + "event_id uuid NOT NULL UNIQUE, topic text NOT NULL, record_key text NOT NULL, event_type text NOT NULL, "
                    + "payload jsonb NOT NULL, created timestamptz NOT NULL DEFAULT now(), published timestamptz) "
                    + "WITH (autovacuum_enabled = false)");
            statement.execute("CREATE INDEX old_outbox_unpublished ON old_outbox (position) WHERE published IS NULL");
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = OutboxRelay.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Adds {@code events} published events the way the relay leaves them: written unpublished, then marked (a
     * dead row version each), in steps of 10,000; the relay's position and horizon follow.
     */
    private static void grow(Connection connection, String table, long events, boolean relay) throws SQLException {
        if (events > 0) {
            say(String.format(Locale.ROOT, "adding %,d published events to %s", events, table));
        }
        for (long done = 0; done < events; done += 10_000) {
            long step = Math.min(10_000, events - done);
            try (Statement statement = connection.createStatement()) {
                insert(statement, table, step);
                statement.execute("UPDATE " + table + " SET published = now() WHERE published IS NULL");
                if (relay) {
                    statement.execute("UPDATE event_outbox_relay SET position = (SELECT max(position) FROM event_outbox), "
                            + "horizon = pg_snapshot_xmin(pg_current_snapshot())");
                }
            }
        }
    }

    private static void insert(Statement statement, String table, long events) throws SQLException {
        statement.execute("INSERT INTO " + table + " (event_id, topic, record_key, event_type, payload) "
                + "SELECT gen_random_uuid(), 'orders.orders', 'o' || n, 'entrepot.orders.order.placed.v1', '" + PAYLOAD
                + "'::jsonb FROM generate_series(1, " + events + ") n");
    }

    /** {mean milliseconds of a pass, the buffers its query touched on the last pass}. */
    private static double[] passes(Connection connection, boolean relay) throws SQLException {
        long total = 0;
        double buffers = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            try (Statement statement = connection.createStatement()) {
                insert(statement, relay ? "event_outbox" : "old_outbox", EVENTS_PER_PASS);
            }
            long start = System.nanoTime();
            connection.setAutoCommit(false);
            int found = relay ? relayPass(connection, pass == PASSES - 1) : oldPass(connection, pass == PASSES - 1);
            connection.commit();
            connection.setAutoCommit(true);
            total += System.nanoTime() - start;
            if (found != EVENTS_PER_PASS) {
                throw new IllegalStateException("a pass found " + found + " events, not " + EVENTS_PER_PASS);
            }
            if (pass == PASSES - 1) {
                buffers = lastBuffers;
            }
        }
        return new double[] {total / 1e6 / PASSES, buffers};
    }

    private static double lastBuffers;

    private static int relayPass(Connection connection, boolean explain) throws SQLException {
        long position;
        String horizon;
        try (PreparedStatement start = connection.prepareStatement(OutboxRelay.START)) {
            start.setLong(1, 42);
            try (ResultSet row = start.executeQuery()) {
                row.next();
                position = row.getLong(2);
                horizon = row.getString(3);
            }
        }
        if (explain) {
            lastBuffers = buffers(connection, OutboxRelay.WAITING, position, horizon, position);
        }
        List<Long> positions = new ArrayList<>();
        String newHorizon = horizon;
        try (PreparedStatement select = connection.prepareStatement(OutboxRelay.WAITING)) {
            select.setLong(1, position);
            select.setString(2, horizon);
            select.setLong(3, position);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    positions.add(rows.getLong(1));
                    rows.getString(4);
                    newHorizon = rows.getString(5);
                }
            }
        }
        try (PreparedStatement mark = connection.prepareStatement(OutboxRelay.MARK)) {
            Array array = connection.createArrayOf("bigint", positions.toArray());
            mark.setArray(1, array);
            mark.setLong(2, positions.get(positions.size() - 1));
            mark.setString(3, newHorizon);
            mark.executeUpdate();
        }
        return positions.size();
    }

    private static final String OLD_WAITING = "SELECT position, topic, record_key, payload::text FROM old_outbox "
            + "WHERE published IS NULL ORDER BY position LIMIT 500";

    private static int oldPass(Connection connection, boolean explain) throws SQLException {
        if (explain) {
            lastBuffers = buffers(connection, OLD_WAITING);
        }
        List<Long> positions = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(OLD_WAITING); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                positions.add(rows.getLong(1));
                rows.getString(4);
            }
        }
        try (PreparedStatement mark = connection.prepareStatement("UPDATE old_outbox SET published = now() WHERE position = ANY (?)")) {
            mark.setArray(1, connection.createArrayOf("bigint", positions.toArray()));
            mark.executeUpdate();
        }
        return positions.size();
    }

    /** Shared buffers (hit + read) that one run of the query touches, from EXPLAIN (ANALYZE, BUFFERS). */
    private static double buffers(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                String json = plan.getString(1);
                String execution = json.substring(json.indexOf("\"Plan\": {"));
                return number(execution, "\"Shared Hit Blocks\": ") + number(execution, "\"Shared Read Blocks\": ");
            }
        }
    }

    /** The first number after {@code key} in the plan's JSON: the top node's, which counts its children's too (not the planning's). */
    private static long number(String json, String key) {
        int at = json.indexOf(key) + key.length();
        int end = at;
        while (Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Long.parseLong(json.substring(at, end));
    }
}
