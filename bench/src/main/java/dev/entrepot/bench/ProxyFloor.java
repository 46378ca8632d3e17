package dev.entrepot.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The least a JVM reverse proxy costs here, started by the gateway benchmark as a process of its own: Vert.x
 * core's HTTP server and client (one event loop per core, each with its own pooled client, as the gateway),
 * forwarding the request with its headers and streaming the answer back. No authentication, no limit, no log,
 * no hop-by-hop header handling: the floor under what the gateway does, next to nginx. Arguments: port, upstream
 * host:port.
 */
public final class ProxyFloor extends AbstractVerticle {

    private final int port;
    private final String upstreamHost;
    private final int upstreamPort;

    private ProxyFloor(int port, String upstream) {
        this.port = port;
        this.upstreamHost = upstream.substring(0, upstream.indexOf(':'));
        this.upstreamPort = Integer.parseInt(upstream.substring(upstream.indexOf(':') + 1));
    }

    public static void main(String[] args) {
        JavaProcess.serve(Vertx.vertx(), () -> new ProxyFloor(Integer.parseInt(args[0]), args[1]));
    }

    @Override
    public void start(Promise<Void> started) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(32));
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)).requestHandler(request -> {
            request.pause();
            client.request(new RequestOptions().setHost(upstreamHost).setPort(upstreamPort).setMethod(request.method())
                    .setURI(request.uri()))
                    .compose(upstream -> {
                        upstream.headers().setAll(request.headers());
                        // Without a body, as the GETs measured here: sending the request stream would chunk an empty one.
                        boolean body = request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
                        if (body) {
                            return upstream.send(request);
                        }
                        request.resume();
                        return upstream.send();
                    })
                    .onSuccess(answer -> {
                        HttpServerResponse response = request.response().setStatusCode(answer.statusCode());
                        response.headers().setAll(answer.headers());
                        answer.pipeTo(response);
                    })
                    .onFailure(failure -> request.response().setStatusCode(502).end());
        }).listen(port, "127.0.0.1").<Void>mapEmpty().onComplete(started);
    }
}
