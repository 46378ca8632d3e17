package dev.entrepot.gateway;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.entrepot.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * The services behind the gateway: their routes, and the pooled HTTP clients that reach them, one per
 * event loop (see {@link PerEventLoop}) so a request and its forwarded copy stay on one thread.
 */
@ApplicationScoped
public class Upstreams {

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    private final PerEventLoop<HttpClient> perLoop;
    private final HttpClient shared;

    Upstreams(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.options = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(60)
                .setTcpNoDelay(true)
                .setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis()))
                .setDecompressionSupported(false);
        this.pool = new PoolOptions().setHttp1MaxSize(config.poolSize());
        this.perLoop = new PerEventLoop<>(this::newClient);
        this.shared = newClient();
    }

    @Produces
    @Singleton
    static Routes routes(GatewayConfig config) {
        return new Routes(config.services());
    }

    /** The calling event loop's client; off an event loop, a shared one. */
    public HttpClient client() {
        HttpClient own = perLoop.get();
        return own != null ? own : shared;
    }

    private HttpClient newClient() {
        return vertx.createHttpClient(options, pool);
    }

    @PreDestroy
    void close() {
        perLoop.all().forEach(HttpClient::close);
        shared.close();
    }
}
