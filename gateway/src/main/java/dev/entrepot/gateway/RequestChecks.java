package dev.entrepot.gateway;

import java.util.List;
import java.util.Map;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * What the gateway checks of a request's shape before anything else (docs/gateway.md#framing-and-size): a
 * request target and headers it can forward to a service whole, and a body whose end is certain.
 *
 * <p>Netty has already refused, with a bare 400 before any handler of ours runs, what it cannot parse: a
 * byte not allowed in a header, several {@code Content-Length} values (even equal ones), one that is not
 * a number. It has also dropped {@code Content-Length} when {@code Transfer-Encoding: chunked} came with
 * it, as RFC 9112 (6.3) tells an intermediary to, and reads the chunked body. What reaches us may still
 * name a transfer coding other than a single {@code chunked}: Netty reads such a body as chunked when
 * {@code chunked} is anywhere in the list, a service behind us might not, so that is refused.
 */
final class RequestChecks {

    private RequestChecks() {
    }

    /** The refusal for a request the gateway must not forward, or null. */
    static Refusal refusal(HttpServerRequest request, int maxUriLength, int maxHeaderBytes) {
        if (request.uri().length() > maxUriLength) {
            return Refusal.uriTooLong(maxUriLength);
        }
        if (headerBytes(request.headers()) > maxHeaderBytes) {
            return Refusal.headersTooLarge(maxHeaderBytes);
        }
        return request.version() == HttpVersion.HTTP_2 ? null : framing(request);
    }

    /** HTTP/2 frames its bodies itself and has no {@code Transfer-Encoding}; HTTP/1.x is checked here. */
    private static Refusal framing(HttpServerRequest request) {
        List<String> codings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
        if (codings.isEmpty()) {
            return null;
        }
        if (request.version() == HttpVersion.HTTP_1_0) {
            return Refusal.badFraming("Transfer-Encoding is not part of HTTP/1.0");
        }
        if (codings.size() > 1 || !codings.get(0).strip().equalsIgnoreCase("chunked")) {
            return Refusal.badFraming("Transfer-Encoding must be sent once, as 'chunked' alone");
        }
        if (request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            return Refusal.badFraming("Content-Length and Transfer-Encoding must not be sent together");
        }
        return null;
    }

    /** The header section's size as a service would count it: each name, value, ": " and line end. */
    static long headerBytes(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }
}
