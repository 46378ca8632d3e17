package dev.entrepot.gateway;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.gateway.auth.Credentials;
import dev.entrepot.gateway.auth.Principal;
import dev.entrepot.gateway.config.GatewayConfig;
import dev.entrepot.gateway.ratelimit.Quota;
import dev.entrepot.gateway.ratelimit.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The public entry (docs/gateway.md). Each request, on the event loop: a request id; a
 * route or a 404 (nothing outside {@code /api/v1} is reachable, {@code /internal} least of all); the
 * credential exchanged for an internal token (except for signup, login and refresh); the organization's
 * rate limit; then the request streamed to its service. The gateway's own {@code /q/health} stays
 * as Quarkus serves it.
 */
@ApplicationScoped
public class Gateway {

    /** Answered without a credential. */
    static final Set<String> PUBLIC_POSTS = Set.of("/api/v1/auth/signup", "/api/v1/auth/login", "/api/v1/auth/refresh");
    /** The OAuth provider sends the merchant's browser back here; the single-use state stands for the caller. */
    static final Set<String> PUBLIC_GETS = Set.of("/api/v1/oauth/callback");
    static final String HEALTH = "/api/v1/health";

    private final Routes routes;
    private final Credentials credentials;
    private final RateLimiter limiter;
    private final Forwarder forwarder;
    private final RedisState redis;
    private final long maxBodyBytes;

    Gateway(Routes routes, Credentials credentials, RateLimiter limiter, Forwarder forwarder, RedisState redis,
            GatewayConfig config) {
        this.routes = routes;
        this.credentials = credentials;
        this.limiter = limiter;
        this.forwarder = forwarder;
        this.redis = redis;
        this.maxBodyBytes = config.maxBodyBytes();
    }

    void install(@Observes Router router) {
        router.route().order(1).handler(this::handle);
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.path().startsWith("/q/")) {
            context.next();
            return;
        }
        request.pause();
        Exchange exchange = new Exchange(request);
        String path = request.path();
        if (path.equals(HEALTH) && request.method() == HttpMethod.GET) {
            health(exchange);
            return;
        }
        Optional<Routes.Target> target = routes.resolve(path);
        if (target.isEmpty()) {
            exchange.refuse(Refusal.notFound());
            return;
        }
        if (Forwarder.contentLength(request) > maxBodyBytes) {
            exchange.refuse(Refusal.tooLarge(maxBodyBytes));
            return;
        }
        boolean open = request.method() == HttpMethod.POST && PUBLIC_POSTS.contains(path)
                || request.method() == HttpMethod.GET && PUBLIC_GETS.contains(path);
        Future<Principal> caller = open ? Future.succeededFuture() : authenticate(exchange);
        caller.compose(principal -> {
                    exchange.authenticated(principal);
                    return BodyStart.read(request);
                })
                .compose(start -> admit(exchange, start))
                .onSuccess(start -> forwarder.forward(exchange, target.get(), start))
                .onFailure(exchange::refuse);
    }

    private Future<Principal> authenticate(Exchange exchange) {
        String authorization = exchange.request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return Future.failedFuture(Refusal.unauthorized("Authentication required: send an API key, a Bearer token or Basic credentials in Authorization", null));
        }
        return credentials.resolve(authorization.strip(), exchange.requestId);
    }

    /** Counts the request against its organization's quota; public requests have no organization to count against. */
    private Future<BodyStart> admit(Exchange exchange, BodyStart start) {
        if (start.ended()) {
            exchange.bodyRead();
        }
        Principal principal = exchange.principal();
        if (principal == null) {
            return Future.succeededFuture(start);
        }
        HttpServerRequest request = exchange.request;
        Quota quota = Quota.of(request.method(), request.path(), start.batch());
        return limiter.take(principal.organization(), quota).compose(decision -> {
            decision.writeHeaders(request.response().headers());
            return decision.allowed() ? Future.succeededFuture(start) : Future.failedFuture(Refusal.rateLimited(quota.policy));
        });
    }

    private void health(Exchange exchange) {
        exchange.request.resume();
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("status", "UP").put("rate_limits", RateLimitReadiness.state(redis, limiter));
        Replies.record(exchange.request.response(), data, HEALTH);
    }
}
