package dev.entrepot.bench;

import static dev.entrepot.bench.Load.await;

import java.util.UUID;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/** JSON requests to a service or a gateway (host:port), as the benchmarks make them. */
final class BenchApi {

    private final HttpClient http;

    BenchApi(HttpClient http) {
        this.http = http;
    }

    /** Sends {@code body} and answers the response's JSON, failing unless the status is {@code expected}. */
    Future<JsonObject> send(HttpMethod method, String target, String uri, JsonObject body, String authorization, int expected) {
        return http.request(new RequestOptions().setMethod(method).setHost(host(target)).setPort(port(target)).setURI(uri))
                .compose(request -> {
                    if (authorization != null) {
                        request.putHeader("Authorization", authorization);
                    }
                    request.putHeader("Content-Type", "application/json");
                    return request.send(Buffer.buffer(body.encode()));
                })
                .compose(response -> response.body().map(answer -> {
                    if (response.statusCode() != expected) {
                        throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + answer);
                    }
                    return answer.toJsonObject();
                }));
    }

    /** An API key of a new organization, made through a gateway. */
    String newOrganizationKey(String gateway, String name) throws Exception {
        JsonObject signup = await(send(HttpMethod.POST, gateway, "/api/v1/auth/signup", new JsonObject()
                .put("organization", name).put("email", "bench-" + UUID.randomUUID() + "@example.com")
                .put("password", "benchmark password"), null, 201)).getJsonObject("data");
        String session = "Bearer " + signup.getString("token");
        String integration = await(send(HttpMethod.POST, gateway, "/api/v1/integrations", new JsonObject().put("name", "bench"),
                session, 201)).getJsonObject("data").getString("id");
        return await(send(HttpMethod.POST, gateway, "/api/v1/integrations/" + integration + "/keys",
                new JsonObject().put("name", "bench"), session, 201)).getJsonObject("data").getString("key");
    }

    static String host(String target) {
        return target.substring(0, target.indexOf(':'));
    }

    static int port(String target) {
        return Integer.parseInt(target.substring(target.indexOf(':') + 1));
    }
}
