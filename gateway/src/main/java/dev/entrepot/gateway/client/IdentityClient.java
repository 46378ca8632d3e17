package dev.entrepot.gateway.client;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.gateway.Refusal;
import dev.entrepot.gateway.Routes;
import dev.entrepot.gateway.Upstreams;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * identity-service's {@code POST /internal/v1/authenticate}, called on the event loop with the pooled
 * client the gateway forwards with: a credential check must not cost a worker thread.
 */
@ApplicationScoped
public class IdentityClient {

    private static final long TIMEOUT_MILLIS = 5_000;

    private final Upstreams upstreams;
    private final Routes.Target identity;
    private final ObjectMapper json;

    IdentityClient(Upstreams upstreams, Routes routes, ObjectMapper json) {
        this.upstreams = upstreams;
        this.identity = routes.service("identity");
        this.json = json;
    }

    /** The claims and internal token of a credential; fails with a 401 or 503 {@link Refusal}. */
    public Future<JsonNode> authenticate(String authorization, String requestId) {
        Buffer body = Buffer.buffer(json.createObjectNode().put("authorization", authorization).toString());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setHost(identity.host()).setPort(identity.port()).setURI("/internal/v1/authenticate")
                .putHeader("Content-Type", "application/json").putHeader("X-Request-Id", requestId)
                .setIdleTimeout(TIMEOUT_MILLIS);
        return upstreams.client().request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(answer -> read(response, answer)))
                .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .recover(failure -> Future.failedFuture(failure instanceof Refusal ? failure
                        : Refusal.unavailable(identity.service(), failure)));
    }

    private JsonNode read(HttpClientResponse response, Buffer answer) {
        JsonNode body;
        try {
            body = json.readTree(answer.getBytes());
        } catch (IOException e) {
            throw Refusal.unavailable(identity.service(), e);
        }
        if (response.statusCode() == 200) {
            return body.path("data");
        }
        if (response.statusCode() == 401 || response.statusCode() == 400) {
            throw Refusal.unauthorized("Authentication failed", "identity refused the credential: " + body.path("reason").asText());
        }
        throw Refusal.unavailable(identity.service(), new IllegalStateException("authenticate answered " + response.statusCode()));
    }
}
