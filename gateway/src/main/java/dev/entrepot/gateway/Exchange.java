package dev.entrepot.gateway;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import dev.entrepot.gateway.RedisState.RedisUnavailable;
import dev.entrepot.gateway.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * One request passing through the gateway: its request id, who sent it once known, how it ends. Writes
 * the one access-log line per request (never a credential, never the query string).
 */
final class Exchange {

    private static final Logger ACCESS = Logger.getLogger(AccessLog.CATEGORY);
    private static final Logger LOG = Logger.getLogger(Exchange.class);
    private static final Pattern VALID_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final String REQUEST_ID = "X-Request-Id";
    /** The access log's status for a client that closed its connection before it was answered (nginx's 499). */
    static final int CLIENT_CLOSED = 499;
    static final String CHALLENGE = "Bearer realm=\"entrepot\", Basic realm=\"entrepot\"";

    final HttpServerRequest request;
    final String requestId;
    final Dialect dialect;
    /** The request as the canonical API names it (a dialect's translated), which routes it; null: the dialect has no such request. */
    final Dialect.Canonical canonical;
    private final long started = System.nanoTime();
    private Principal principal;
    /** The request's body has been read to its end (or given up on): nothing left to drain. */
    private boolean bodyDone;
    /** The status of a failure that cut the connection once the service's answer had begun, or 0. */
    private int cutWith;

    Exchange(HttpServerRequest request) {
        this.request = request;
        this.dialect = Dialect.of(request.path());
        String site = request.getHeader("Sec-Fetch-Site");
        this.canonical = dialect.canonical(request.method(), request.path(),
                site != null && !site.equals("same-origin") && !site.equals("none"));
        String offered = request.getHeader(REQUEST_ID);
        this.requestId = offered != null && VALID_REQUEST_ID.matcher(offered).matches() ? offered : newRequestId();
        HttpServerResponse response = request.response();
        response.putHeader(REQUEST_ID, requestId);
        response.endHandler(ended -> logAccess());
    }

    /**
     * One line per request, with the status answered, or 499 when the client left unanswered; built by hand, as
     * a format string costs more than the rest of the line's work.
     */
    private void logAccess() {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        long micros = (System.nanoTime() - started) / 1000;
        ACCESS.info(new StringBuilder(160).append(request.method().name()).append(' ').append(request.path()).append(' ')
                .append(status()).append(' ').append(micros / 1000).append('.')
                .append(micros / 100 % 10).append("ms org=").append(principal == null ? "-" : principal.organization())
                .append(" request_id=").append(requestId).toString());
    }

    private int status() {
        HttpServerResponse response = request.response();
        return response.ended() ? response.getStatusCode() : cutWith != 0 ? cutWith : CLIENT_CLOSED;
    }

    Principal principal() {
        return principal;
    }

    void authenticated(Principal principal) {
        this.principal = principal;
    }

    void bodyRead() {
        bodyDone = true;
    }

    /**
     * Answers with the gateway's own error envelope, or cuts the connection if the service's answer has begun.
     * A client that hung up (mid-body, say) is not a failure of ours and has nobody to answer: DEBUG, no answer.
     */
    void refuse(Throwable failure) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            LOG.debugf("%s %s: the client went away before the answer (%s) (request_id=%s)", request.method(), request.path(),
                    failure, requestId);
            return;
        }
        Refusal refusal = asRefusal(failure);
        if (refusal.status() >= 500) {
            LOG.warnf("%s %s answered %d: %s (request_id=%s)", request.method(), request.path(), refusal.status(),
                    refusal.logDetail() == null ? refusal.getMessage() : refusal.logDetail(), requestId);
        } else if (refusal.logDetail() != null) {
            LOG.debugf("%s %s answered %d: %s (request_id=%s)", request.method(), request.path(), refusal.status(),
                    refusal.logDetail(), requestId);
        }
        if (response.headWritten()) {
            cutWith = refusal.status();
            response.reset();
            return;
        }
        if (refusal.status() == 401) {
            response.putHeader("WWW-Authenticate", CHALLENGE);
        }
        if (refusal.status() == 413) {
            response.putHeader("Connection", "close");
        }
        if (refusal.closesConnection()) {
            // What follows on this connection cannot be told apart from this request's body: read nothing
            // more, answer, and close (an HTTP/2 stream is framed on its own; its connection stays).
            bodyDone = true;
            if (request.version() == HttpVersion.HTTP_2) {
                reply(refusal);
                return;
            }
            response.putHeader("Connection", "close");
            reply(refusal).onComplete(written -> request.connection().close());
            return;
        }
        discardBody();
        reply(refusal);
    }

    private Future<Void> reply(Refusal refusal) {
        return Replies.error(request.response(), refusal, request.path(), dialect, request.getHeader("Accept-Language"));
    }

    /** Reads and drops what is left of a body the gateway will not forward, so the connection stays usable. */
    private void discardBody() {
        if (bodyDone || request.isEnded()) {
            return;
        }
        bodyDone = true;
        request.handler(chunk -> {
        });
        request.exceptionHandler(ignored -> {
        });
        request.endHandler(null);
        request.resume();
    }

    private static Refusal asRefusal(Throwable failure) {
        if (failure instanceof Refusal refusal) {
            return refusal;
        }
        if (failure instanceof RedisUnavailable) {
            return new Refusal(503, "service_unavailable", "Rate limits cannot be checked now, try again shortly",
                    "Redis unreachable and gateway.rate-limits.when-redis-down=closed: " + failure);
        }
        LOG.error("unexpected failure in the gateway", failure);
        return new Refusal(500, "internal_error", "Internal error", String.valueOf(failure));
    }

    private static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }
}
