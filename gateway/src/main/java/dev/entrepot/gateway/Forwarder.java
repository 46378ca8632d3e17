package dev.entrepot.gateway;

import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entrepot.gateway.auth.Principal;
import dev.entrepot.gateway.config.GatewayConfig;
import dev.entrepot.platform.service.Dialects;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Forwards a request to its service with the Vert.x HTTP proxy: both bodies stream through (nothing is
 * held whole), connections come from one pool, hop-by-hop headers stay behind. The outside credential
 * is replaced by the internal token; the service never sees it.
 */
@ApplicationScoped
class Forwarder {

    private final Upstreams upstreams;
    private final long maxBodyBytes;

    Forwarder(Upstreams upstreams, GatewayConfig config) {
        this.upstreams = upstreams;
        this.maxBodyBytes = config.maxBodyBytes();
    }

    void forward(Exchange exchange, Routes.Target target, BodyStart start) {
        HttpServerRequest request = exchange.request;
        ProxyRequest proxyRequest = ProxyRequest.reverseProxy(request);
        MultiMap headers = proxyRequest.headers();
        headers.remove(Dialects.HEADER);
        if (exchange.dialect != Dialect.CANONICAL) {
            String path = exchange.canonical.path();
            proxyRequest.setURI(request.query() == null ? path : path + "?" + request.query());
            proxyRequest.setMethod(exchange.canonical.method());
            headers.set(Dialects.HEADER, exchange.dialect.headerValue);
        }
        headers.remove(HttpHeaders.AUTHORIZATION);
        Principal principal = exchange.principal();
        if (principal != null) {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + principal.token());
        }
        headers.set(Exchange.REQUEST_ID, exchange.requestId);
        String forwardedFor = headers.get("X-Forwarded-For");
        String caller = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
        headers.set("X-Forwarded-For", forwardedFor == null ? caller : forwardedFor + ", " + caller);
        headers.set("X-Forwarded-Proto", request.scheme());
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        ForwardedBody body = new ForwardedBody(start.bytes(), request, start.ended(), maxBodyBytes);
        long length = start.ended() ? start.bytes().length() : contentLength(request);
        HttpMethod method = exchange.canonical.method();
        if (length < 0 && request.version() == HttpVersion.HTTP_2 && method != HttpMethod.GET && method != HttpMethod.HEAD) {
            // HTTP/2 has no Transfer-Encoding, and the proxy chooses chunking for the HTTP/1.1 request to the
            // service from the caller's headers: a body of unknown length must be sent chunked.
            request.headers().set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
        }
        proxyRequest.setBody(Body.body(body, length));

        RequestOptions options = new RequestOptions().setHost(target.host()).setPort(target.port())
                .setIdleTimeout(target.timeout().toMillis());
        upstreams.client().request(options)
                .compose(toService -> {
                    // Failures reach us through the response; without a handler Vert.x would log each one again.
                    toService.exceptionHandler(ignored -> {
                    });
                    return proxyRequest.send(toService);
                })
                .onSuccess(response -> {
                    exchange.bodyRead();
                    send(response);
                })
                .onFailure(failure -> exchange.refuse(refusal(failure, target, body)));
    }

    private static void send(ProxyResponse response) {
        // The gateway's own values win over anything a service might send under these names.
        MultiMap headers = response.headers();
        headers.remove(Exchange.REQUEST_ID);
        headers.remove("Connection");
        headers.remove("Keep-Alive");
        response.send();
    }

    private static Refusal refusal(Throwable failure, Routes.Target target, ForwardedBody body) {
        if (body.exceeded()) {
            return Refusal.tooLarge(body.limit());
        }
        if (body.callerFailed()) {
            return Refusal.brokenBody(failure);
        }
        if (failure instanceof TimeoutException) {
            return Refusal.timedOut(target.service());
        }
        return Refusal.unavailable(target.service(), failure);
    }

    static long contentLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
