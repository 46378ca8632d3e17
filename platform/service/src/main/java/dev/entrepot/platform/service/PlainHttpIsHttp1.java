package dev.entrepot.platform.service;

import jakarta.inject.Singleton;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The plain-text HTTP port speaks HTTP/1.1 only: no h2c, so a client's {@code Upgrade: h2c} is declined and
 * answered in HTTP/1.1. With h2c on, the server answers the upgraded request right behind its 101, and the
 * JDK's default HttpClient (17 and 25) then misreads about one large answer in thirty ("Frame type(101) ...
 * exceeds MAX_FRAME_SIZE") while the bytes on the wire are well-formed HTTP/2; curl --http2 cannot read it
 * at all (docs/gateway.md, "HTTP/2"). HTTP/2 over TLS, where ALPN chooses it, is unchanged.
 */
@Singleton
public class PlainHttpIsHttp1 implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
