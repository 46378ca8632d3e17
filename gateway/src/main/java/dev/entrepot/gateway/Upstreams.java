package dev.entrepot.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.entrepot.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/** The services behind the gateway: their routes, and the one pooled HTTP client that reaches them. */
@ApplicationScoped
class Upstreams {

    @Produces
    @Singleton
    Routes routes(GatewayConfig config) {
        return new Routes(config.services());
    }

    @Produces
    @Singleton
    HttpClient client(Vertx vertx, GatewayConfig config) {
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(60)
                .setTcpNoDelay(true)
                .setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis()))
                .setDecompressionSupported(false);
        return vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.poolSize()));
    }

    void close(@Disposes HttpClient client) {
        client.close();
    }
}
