package dev.entrepot.gateway;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.gateway.auth.Credentials;
import dev.entrepot.gateway.auth.Principal;
import dev.entrepot.gateway.config.GatewayConfig;
import dev.entrepot.gateway.ratelimit.ClientAddress;
import dev.entrepot.gateway.ratelimit.PublicLimits;
import dev.entrepot.gateway.ratelimit.Quota;
import dev.entrepot.gateway.ratelimit.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The public entry (docs/gateway.md). Each request, on the event loop: a request id; its shape (a target,
 * headers and framing it can forward); a route or a 404 (nothing outside {@code /api/v1} is reachable,
 * {@code /internal} least of all, and of {@code /q} only health); the credential exchanged for an internal
 * token, or for signup, login, refresh and the OAuth callback the limits of their client's address; the
 * organization's rate limit; then the request streamed to its service.
 */
@ApplicationScoped
public class Gateway {

    static final String HEALTH = "/api/v1/health";
    /** The part of {@code /q} served on this port (the probes'); metrics and the rest are on the management interface. */
    static final Set<String> HEALTH_CHECKS = Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started");
    /** The context key under which Quarkus's HTTP metrics look for a request's route template. */
    private static final String METRICS_TEMPLATE = "UrlPathTemplate";

    private final Routes routes;
    private final Credentials credentials;
    private final RateLimiter limiter;
    private final ClientAddress clientAddress;
    private final Forwarder forwarder;
    private final RedisState redis;
    private final long maxBodyBytes;
    private final int maxUriLength;
    private final int maxHeaderBytes;

    Gateway(Routes routes, Credentials credentials, RateLimiter limiter, Forwarder forwarder, RedisState redis,
            GatewayConfig config) {
        this.routes = routes;
        this.credentials = credentials;
        this.limiter = limiter;
        this.clientAddress = new ClientAddress(config.trustedProxies().orElse(List.of()));
        this.forwarder = forwarder;
        this.redis = redis;
        this.maxBodyBytes = config.maxBodyBytes();
        this.maxUriLength = config.maxUriLength();
        this.maxHeaderBytes = config.maxHeaderBytes();
    }

    void install(@Observes Router router) {
        router.route().order(1).handler(this::handle);
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        if (HEALTH_CHECKS.contains(path) && request.method() == HttpMethod.GET) {
            context.next();
            return;
        }
        request.pause();
        Exchange exchange = new Exchange(request);
        Refusal malformed = RequestChecks.refusal(request, maxUriLength, maxHeaderBytes);
        if (malformed != null) {
            exchange.refuse(malformed);
            return;
        }
        if (exchange.canonical == null) {
            exchange.refuse(Refusal.notFound());
            return;
        }
        String canonical = exchange.canonical.path();
        HttpMethod method = exchange.canonical.method();
        if (canonical.equals(HEALTH) && method == HttpMethod.GET) {
            nameInMetrics(request, HEALTH);
            health(exchange);
            return;
        }
        Optional<Routes.Target> target = routes.resolve(canonical);
        if (target.isEmpty()) {
            exchange.refuse(Refusal.notFound());
            return;
        }
        Optional<PublicLimits.Endpoint> open = PublicLimits.endpoint(method, canonical);
        if (open.isEmpty() && PublicLimits.disguisesPublicEndpoint(canonical)) {
            exchange.refuse(Refusal.notFound());
            return;
        }
        // The public endpoints are four fixed paths, named as they are; a dialect's request under its canonical name.
        nameInMetrics(request, open.isPresent() ? canonical : Routes.metricsTemplate(canonical));
        if (Forwarder.contentLength(request) > maxBodyBytes) {
            exchange.refuse(Refusal.tooLarge(maxBodyBytes));
            return;
        }
        Future<BodyStart> admitted = open.isPresent() ? admitPublic(exchange, open.get())
                : authenticate(exchange).compose(principal -> {
                    exchange.authenticated(principal);
                    return BodyStart.read(request);
                }).compose(start -> admit(exchange, start));
        admitted.onSuccess(start -> {
                    if (start.ended()) {
                        exchange.bodyRead();
                    }
                    if (request.response().closed()) {
                        exchange.refuse(Refusal.clientLeft());
                        return;
                    }
                    forwarder.forward(exchange, target.get(), start);
                })
                .onFailure(exchange::refuse);
    }

    private Future<Principal> authenticate(Exchange exchange) {
        String authorization = exchange.request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return Future.failedFuture(Refusal.unauthorized("Authentication required: send an API key, a Bearer token or Basic credentials in Authorization", null));
        }
        return credentials.resolve(authorization.strip(), exchange.requestId);
    }

    /** Counts the request against its organization's quota. */
    private Future<BodyStart> admit(Exchange exchange, BodyStart start) {
        HttpServerRequest request = exchange.request;
        Quota quota = Quota.of(exchange.canonical.method(), exchange.canonical.path(), start.batch());
        return limiter.take(exchange.principal().organization(), quota).compose(decision -> {
            decision.writeHeaders(request.response().headers());
            return decision.allowed() ? Future.succeededFuture(start) : Future.failedFuture(Refusal.rateLimited(quota.policy));
        });
    }

    /**
     * An endpoint that needs no credential (any credential sent is dropped) counts against its client's
     * address; a login also against its email, read from the small body, which it therefore must send as JSON.
     */
    private Future<BodyStart> admitPublic(Exchange exchange, PublicLimits.Endpoint endpoint) {
        HttpServerRequest request = exchange.request;
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().host();
        String client = clientAddress.of(peer, request.headers().getAll("X-Forwarded-For"));
        return limiter.take(endpoint, client).compose(byAddress -> {
            if (!byAddress.allowed()) {
                byAddress.writeHeaders(request.response().headers());
                return Future.failedFuture(Refusal.rateLimited(endpoint.policy));
            }
            if (endpoint != PublicLimits.Endpoint.LOGIN) {
                byAddress.writeHeaders(request.response().headers());
                return BodyStart.read(request);
            }
            String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
            if (!PublicLimits.namesJson(type)) {
                byAddress.writeHeaders(request.response().headers());
                return Future.failedFuture(Refusal.unsupportedMediaType("Log in with a JSON body: {\"email\": …, \"password\": …}"));
            }
            return BodyStart.whole(request, PublicLimits.MAX_LOGIN_BODY_BYTES).compose(body -> {
                Optional<String> email = PublicLimits.loginEmail(body.bytes());
                if (email.isEmpty()) {
                    byAddress.writeHeaders(request.response().headers());
                    return Future.succeededFuture(body);
                }
                return limiter.takeLogin(email.get()).compose(byEmail -> {
                    // The caller sees the tighter of the two: the one that refused, else the one with less left.
                    boolean emailTighter = !byEmail.allowed() || byEmail.remaining() < byAddress.remaining();
                    (emailTighter ? byEmail : byAddress).writeHeaders(request.response().headers());
                    return byEmail.allowed() ? Future.succeededFuture(body)
                            : Future.failedFuture(Refusal.rateLimited(byEmail.policy()));
                });
            });
        });
    }

    /** The request's name in the HTTP metrics: its route, never its raw path (ids, names: tenants' data, unbounded). */
    private static void nameInMetrics(HttpServerRequest request, String template) {
        if (request instanceof HttpServerRequestInternal internal) {
            internal.context().putLocal(METRICS_TEMPLATE, template);
        }
    }

    private void health(Exchange exchange) {
        exchange.request.resume();
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("status", "UP").put("rate_limits", RateLimitReadiness.state(redis, limiter));
        Replies.record(exchange.request.response(), data, HEALTH);
    }
}
