package dev.entrepot.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

/**
 * The ceiling of a get-by-id over HTTP, started by the catalog benchmark as a process of its own: a bare Vert.x HTTP
 * server (one event loop per core) with the Vert.x PostgreSQL client (a pool of 16, the service's size) answering
 * {@code GET /api/v1/products/{id}} with the row's every column as JSON in a {@code data} envelope. No
 * authentication, no routing framework, no validation, no access log: what the service could at most do on the same
 * machine. Arguments: port, database.
 */
public final class ReadCeiling extends AbstractVerticle {

    private static final String PREFIX = "/api/v1/products/";
    private final Pool pg;
    private final int port;

    private ReadCeiling(Pool pg, int port) {
        this.pg = pg;
        this.port = port;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        // One pool shared by the event loops, as the service has one.
        Pool pg = PgBuilder.pool().with(new PoolOptions().setMaxSize(16)).connectingTo(CatalogBenchmark.connectOptions(args[1]))
                .using(vertx).build();
        JavaProcess.serve(vertx, () -> new ReadCeiling(pg, port));
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.createHttpServer().requestHandler(request -> {
            String path = request.path();
            if (!path.startsWith(PREFIX)) {
                request.response().setStatusCode(404).end();
                return;
            }
            pg.preparedQuery("SELECT " + CatalogBenchmark.COLUMNS + " FROM products WHERE org_id = $1 AND id = $2")
                    .execute(Tuple.of(CatalogBenchmark.ORG, path.substring(PREFIX.length())))
                    .onSuccess(rows -> {
                        if (rows.size() == 0) {
                            request.response().setStatusCode(404).end();
                            return;
                        }
                        String body = new JsonObject().put("data", rows.iterator().next().toJson()).encode();
                        request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
                    })
                    .onFailure(failure -> request.response().setStatusCode(500).end(String.valueOf(failure)));
        }).listen(port, "127.0.0.1").<Void>mapEmpty().onComplete(started);
    }
}
