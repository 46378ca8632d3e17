package dev.entrepot.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import dev.entrepot.gateway.ratelimit.BatchBody;

/**
 * The first bytes of a request body, read before forwarding so the rate limiter can tell a batch
 * ({@code {"data":[...]}}) from a single write; the rest stays in the request, unread.
 *
 * @param ended the request ended within these bytes: they are the whole body
 */
record BodyStart(Buffer bytes, boolean ended, boolean batch) {

    static final BodyStart NONE = new BodyStart(Buffer.buffer(), false, false);

    /** Reads just enough of a JSON write's body to classify it; other requests are not read at all. */
    static Future<BodyStart> read(HttpServerRequest request) {
        if (!mayCarryBatch(request)) {
            return Future.succeededFuture(NONE);
        }
        if (request.response().closed()) {
            // The close was told to no handler then, and none set now would hear of it: end here, not never.
            return Future.failedFuture(Refusal.clientLeft());
        }
        Promise<BodyStart> read = Promise.promise();
        Buffer bytes = Buffer.buffer();
        request.handler(chunk -> {
            bytes.appendBuffer(chunk);
            BatchBody.Verdict verdict = BatchBody.of(bytes, false);
            if (verdict != BatchBody.Verdict.UNDECIDED) {
                request.pause();
                request.handler(null);
                request.endHandler(null);
                read.tryComplete(new BodyStart(bytes, false, verdict == BatchBody.Verdict.BATCH));
            }
        });
        request.endHandler(end -> read.tryComplete(new BodyStart(bytes, true, BatchBody.of(bytes, true) == BatchBody.Verdict.BATCH)));
        request.exceptionHandler(failure -> read.tryFail(Refusal.brokenBody(failure)));
        request.resume();
        return read.future();
    }

    /** Reads a small body whole (a login), refusing with 413 one over {@code max} bytes without reading on. */
    static Future<BodyStart> whole(HttpServerRequest request, int max) {
        if (Forwarder.contentLength(request) > max) {
            return Future.failedFuture(Refusal.tooLarge(max));
        }
        if (request.isEnded()) {
            return Future.succeededFuture(new BodyStart(Buffer.buffer(), true, false));
        }
        if (request.response().closed()) {
            // The close was told to no handler then, and none set now would hear of it: end here, not never.
            return Future.failedFuture(Refusal.clientLeft());
        }
        Promise<BodyStart> read = Promise.promise();
        Buffer bytes = Buffer.buffer();
        request.handler(chunk -> {
            bytes.appendBuffer(chunk);
            if (bytes.length() > max) {
                request.handler(null);
                request.endHandler(null);
                read.tryFail(Refusal.tooLarge(max));
            }
        });
        request.endHandler(end -> read.tryComplete(new BodyStart(bytes, true, false)));
        request.exceptionHandler(failure -> read.tryFail(Refusal.brokenBody(failure)));
        request.resume();
        return read.future();
    }

    private static boolean mayCarryBatch(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.DELETE && method != HttpMethod.PATCH) {
            return false;
        }
        if (request.isEnded() || "0".equals(request.getHeader("Content-Length"))) {
            return false;
        }
        String type = request.getHeader("Content-Type");
        return type == null || type.toLowerCase(java.util.Locale.ROOT).contains("json");
    }
}
