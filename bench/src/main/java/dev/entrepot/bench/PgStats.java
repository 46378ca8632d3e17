package dev.entrepot.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.entrepot.platform.testing.LocalServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * What the benchmark's databases did, from {@code pg_stat_database}: commits and rows written, to be divided by
 * the work done (PostgreSQL flushes these counters about once a second, so take them over a long run).
 */
final class PgStats {

    record Counts(long commits, long inserted, long updated, long deleted, long fetched) {
    }

    private final Vertx vertx;
    private final Pool pool;
    private final List<String> databases;

    PgStats(Vertx vertx, List<String> databases) {
        this.vertx = vertx;
        this.databases = databases;
        this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options("postgres")).using(vertx).build();
    }

    private static PgConnectOptions options(String database) {
        return new PgConnectOptions().setHost(LocalServices.dbHost()).setPort(Integer.parseInt(LocalServices.dbPort()))
                .setDatabase(database).setUser(LocalServices.dbUser()).setPassword(LocalServices.dbPassword());
    }

    /**
     * ANALYZE in every database, as autovacuum does on its own in production. Without it (this machine's
     * PostgreSQL runs with autovacuum off) a statement first planned while its table was empty keeps that plan on
     * its connection for good: orders-service's order-number check then read every order of the organization
     * through an index that matched only its organization (15,962 rows fetched per order after 40,000 orders).
     * ANALYZE also makes every cached plan of the analysed tables be planned anew.
     */
    Future<Void> analyze() {
        Future<Void> done = Future.succeededFuture();
        for (String database : databases) {
            done = done.compose(ignored -> PgConnection.connect(vertx, options(database)).compose(connection ->
                    connection.query("ANALYZE").execute().eventually(() -> connection.close())).mapEmpty());
        }
        return done;
    }

    Future<Map<String, Counts>> counts() {
        return pool.preparedQuery("SELECT datname, xact_commit, tup_inserted, tup_updated, tup_deleted, tup_fetched "
                + "FROM pg_stat_database WHERE datname = ANY ($1) ORDER BY datname")
                .execute(Tuple.of(databases.toArray(String[]::new))).map(rows -> {
                    Map<String, Counts> counts = new LinkedHashMap<>();
                    for (Row row : rows) {
                        counts.put(row.getString(0), new Counts(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4),
                                row.getLong(5)));
                    }
                    return counts;
                });
    }

    static String table(Map<String, Counts> before, Map<String, Counts> after, long units, String unit) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "PostgreSQL per %s (pg_stat_database):  %-16s %8s %9s %8s %8s %8s%n", unit, "database", "commits", "inserted",
                "updated", "deleted", "fetched"));
        after.forEach((database, now) -> {
            Counts was = before.getOrDefault(database, new Counts(0, 0, 0, 0, 0));
            out.append(String.format(Locale.ROOT, "%39s %-16s %8.2f %9.2f %8.2f %8.2f %8.2f%n", "", database,
                    (now.commits() - was.commits()) / (double) units, (now.inserted() - was.inserted()) / (double) units,
                    (now.updated() - was.updated()) / (double) units, (now.deleted() - was.deleted()) / (double) units,
                    (now.fetched() - was.fetched()) / (double) units));
        });
        return out.toString();
    }
}
