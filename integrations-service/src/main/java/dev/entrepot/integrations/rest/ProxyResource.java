package dev.entrepot.integrations.rest;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import dev.entrepot.integrations.config.IntegrationsConfig;
import dev.entrepot.integrations.connect.ConnectionStore;
import dev.entrepot.integrations.connect.Connector;
import dev.entrepot.integrations.connect.Connectors;
import dev.entrepot.integrations.connect.ProxyTarget;
import dev.entrepot.integrations.connect.ThirdPartyHttp;
import dev.entrepot.integrations.connect.TokenRefresher;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Caller;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * {@code /api/v1/proxy/{connection}/{path}}: the call forwarded to the connection's connector — its base
 * URL and the path ({@link ProxyTarget}), the connector's headers with the connection's fresh access
 * token in them — and the answer streamed back. Never another host: redirects are not followed (a 502
 * names where it pointed), and the call goes through {@link ThirdPartyHttp}, to the address the guard
 * checked (a host that is or resolves to a private address is refused, 403).
 * <p>
 * Each connection has a budget (the connector's, default 100 calls a minute), counted in Redis across
 * replicas: beyond it, a 429 without calling the third party. A third party's 429 pauses the connection
 * for its {@code Retry-After}: up to {@code entrepot.proxy.retry-after-cap} the call waits and is tried
 * once more, beyond it the caller gets the 429 with the time to wait — and so does every caller until
 * the pause ends, so a busy connection never storms the third party.
 */
@Path("/api/v1/proxy/{connection}/{path: .*}")
public class ProxyResource {

    private static final Logger LOG = Logger.getLogger(ProxyResource.class);
    /** Response headers passed back to the caller. */
    private static final Set<String> PASSED_BACK = Set.of("content-type", "content-language", "cache-control", "etag", "last-modified",
            "link", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset");
    /** Request headers of the caller passed on (never its Authorization). */
    private static final List<String> PASSED_ON = List.of("Content-Type", "Accept", "If-None-Match", "If-Match");

    private final Caller caller;
    private final ConnectionStore store;
    private final Connectors connectors;
    private final TokenRefresher refresher;
    private final ThirdPartyHttp http;
    private final RedisDataSource redis;
    private final Duration retryAfterCap;
    @Context
    HttpServerRequest request;
    @Context
    HttpHeaders headers;

    ProxyResource(Caller caller, ConnectionStore store, Connectors connectors, TokenRefresher refresher, ThirdPartyHttp http,
            RedisDataSource redis, IntegrationsConfig config) {
        this.caller = caller;
        this.store = store;
        this.connectors = connectors;
        this.refresher = refresher;
        this.http = http;
        this.redis = redis;
        this.retryAfterCap = config.proxy().retryAfterCap();
    }

    @GET
    public Response get(@PathParam("connection") String connection) {
        return forward("GET", connection, null);
    }

    @DELETE
    public Response delete(@PathParam("connection") String connection) {
        return forward("DELETE", connection, null);
    }

    @POST
    public Response post(@PathParam("connection") String connection, byte[] body) {
        return forward("POST", connection, body);
    }

    @PUT
    public Response put(@PathParam("connection") String connection, byte[] body) {
        return forward("PUT", connection, body);
    }

    @PATCH
    public Response patch(@PathParam("connection") String connection, byte[] body) {
        return forward("PATCH", connection, body);
    }

    private Response forward(String method, String connectionId, byte[] body) {
        String organization = caller.organization();
        ConnectionStore.Connection connection = store.connection(organization, connectionId)
                .orElseThrow(() -> ApiException.notFound("No connection " + connectionId));
        Connector connector = connectors.require(organization, connection.connectorId());
        // The path as the client sent it: the JAX-RS request URI has had its dot segments and path parameters
        // (";…") resolved away, and what reaches the third party must be checked as it will read it.
        String rawPath = request.path();
        String prefix = "/api/v1/proxy/" + connectionId + "/";
        if (rawPath == null || !rawPath.startsWith(prefix)) {
            throw ProxyTarget.refused();
        }
        URI target = ProxyTarget.of(connector.baseUrl(), rawPath.substring(prefix.length()), request.query());
        takeFromBudget(connection, connector);
        waitOutPause(connection.id());
        connection = refresher.fresh(organization, connection, false);
        ThirdPartyHttp.Answer response = send(method, target, body, connector, connection);
        if (response.status() == 429) {
            Duration wait = retryAfter(response.header("Retry-After"));
            pause(connection.id(), wait);
            response.close();
            if (wait.compareTo(retryAfterCap) > 0) {
                throw rateLimited(wait, connector.name() + " asks to wait " + wait.toSeconds() + " s");
            }
            sleep(wait);
            response = send(method, target, body, connector, connection);
            if (response.status() == 429) {
                Duration again = retryAfter(response.header("Retry-After"));
                pause(connection.id(), again);
                response.close();
                throw rateLimited(again, connector.name() + " is still limiting this connection");
            }
        }
        if (response.status() >= 300 && response.status() < 400 && response.header("Location") != null) {
            String location = response.header("Location");
            response.close();
            throw new ApiException(502, "redirect_not_followed", connector.name() + " redirected to " + host(location)
                    + "; the proxy does not follow redirects");
        }
        return stream(response);
    }

    private ThirdPartyHttp.Answer send(String method, URI target, byte[] body, Connector connector, ConnectionStore.Connection connection) {
        Map<String, List<String>> sent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : PASSED_ON) {
            String value = headers.getHeaderString(name);
            if (value != null) {
                sent.put(name, List.of(value));
            }
        }
        connector.headers().forEach((name, value) -> sent.put(name, List.of(value.replace("${auth.accessToken}", connection.accessToken()))));
        try {
            return http.send("Connector " + connector.id(), method, target, sent, body, Duration.ofSeconds(60));
        } catch (ThirdPartyHttp.Unreachable e) {
            LOG.warnf("Proxy to connector %s failed: %s", connector.id(), e.getMessage());
            throw new ApiException(502, "third_party_unreachable", connector.name() + " could not be reached");
        }
    }

    private static Response stream(ThirdPartyHttp.Answer response) {
        StreamingOutput body = output -> {
            try (InputStream in = response.body()) {
                in.transferTo(output);
            }
        };
        Response.ResponseBuilder builder = Response.status(response.status()).entity(body);
        response.headers().forEach((name, value) -> {
            if (PASSED_BACK.contains(name.toLowerCase(Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        return builder.build();
    }

    /** Counts the call against the connection's budget for the current window; a 429 beyond it. */
    private void takeFromBudget(ConnectionStore.Connection connection, Connector connector) {
        long windowMillis = connector.budgetWindow().toMillis();
        long now = System.currentTimeMillis();
        String key = "entrepot:proxy-budget:" + connection.id() + ":" + now / windowMillis;
        long used = redis.execute("INCR", key).toLong();
        if (used == 1) {
            redis.execute("PEXPIRE", key, Long.toString(windowMillis));
        }
        if (used > connector.budgetRequests()) {
            Duration rest = Duration.ofMillis(windowMillis - now % windowMillis);
            throw new ApiException(429, "budget_exhausted", "Connection " + connection.id() + " may make "
                    + connector.budgetRequests() + " calls per " + connector.budgetWindow().toSeconds() + " s to " + connector.name())
                    .retryAfter(rest);
        }
    }

    private void waitOutPause(String connectionId) {
        long remaining = redis.execute("PTTL", "entrepot:proxy-paused:" + connectionId).toLong();
        if (remaining <= 0) {
            return;
        }
        Duration wait = Duration.ofMillis(remaining);
        if (wait.compareTo(retryAfterCap) > 0) {
            throw rateLimited(wait, "The third party asked this connection to wait");
        }
        sleep(wait);
    }

    private void pause(String connectionId, Duration wait) {
        redis.execute("SET", "entrepot:proxy-paused:" + connectionId, "1", "PX", Long.toString(Math.max(1, wait.toMillis())));
    }

    /** Retry-After in seconds or as an HTTP date (RFC 9110 section 10.2.3); 1 s when absent or unreadable. */
    static Duration retryAfter(String header) {
        String value = header == null ? "1" : header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return Duration.ofSeconds(1);
            }
        }
    }

    private static ApiException rateLimited(Duration wait, String message) {
        return new ApiException(429, "third_party_rate_limited", message).retryAfter(wait);
    }

    private static String host(String location) {
        try {
            URI uri = URI.create(location);
            return uri.getHost() == null ? "a relative location" : uri.getHost();
        } catch (IllegalArgumentException e) {
            return "an invalid location";
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "Interrupted");
        }
    }
}
