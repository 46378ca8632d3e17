package dev.entrepot.catalog.rest;

import static dev.entrepot.catalog.rest.CatalogApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.api.IdempotencyKeys;
import dev.entrepot.platform.testing.Concurrently;
import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * {@code Idempotency-Key} against the real database: concurrent retries, replays, a crash between the
 * commit and the answer, and keys that expire or whose request died.
 */
@QuarkusTest
@RealInfrastructure(database = "catalog")
class IdempotencyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int CONCURRENT = 50;

    private final String org = CatalogApi.newOrganization();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/api/v1/")
    URI api;

    @Inject
    DataSource dataSource;

    @Inject
    IdempotencyKeys keys;

    @Test
    void fiftyConcurrentProductCreatesWithOneKeyMakeOneProduct() throws Exception {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        concurrentCreatesMakeOneRecord("products", "{\"name_en\":\"Raced\",\"sku\":\"" + sku + "\",\"price\":12.50}",
                "sku", sku);
    }

    @Test
    void fiftyConcurrentBrandCreatesWithOneKeyMakeOneBrand() throws Exception {
        // no unique field: without the key every request would make a brand
        String name = "Raced " + UUID.randomUUID();
        concurrentCreatesMakeOneRecord("brands", "{\"name\":\"" + name + "\"}", "name", name);
    }

    private void concurrentCreatesMakeOneRecord(String entity, String body, String field, String value) throws Exception {
        String key = "race-" + UUID.randomUUID();
        List<HttpResponse<String>> answers = Concurrently.call(CONCURRENT, () -> post(entity, key, body, Map.of()));

        Set<String> ids = new HashSet<>();
        int created = 0;
        for (HttpResponse<String> answer : answers) {
            JsonNode envelope = MAPPER.readTree(answer.body());
            assertThat(answer.statusCode()).as(answer.body()).isIn(201, 409);
            assertThat(envelope.path("status").asInt()).isEqualTo(answer.statusCode());
            if (answer.statusCode() == 201) {
                created++;
                ids.add(envelope.path("data").path("id").asText());
            } else {
                assertThat(envelope.path("error_code").asText()).isEqualTo("idempotency_key_in_use");
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            }
        }
        assertThat(created).isPositive();
        assertThat(ids).hasSize(1);
        String id = ids.iterator().next();
        as(org).queryParam(field, value).get("/api/v1/" + entity).then().statusCode(200).body("total_count", equalTo(1))
                .body("data[0].id", equalTo(id));

        // once it has finished, every retry gets the first answer
        HttpResponse<String> again = post(entity, key, body, Map.of());
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(MAPPER.readTree(again.body()).path("data").path("id").asText()).isEqualTo(id);
        as(org).queryParam(field, value).get("/api/v1/" + entity).then().body("total_count", equalTo(1));
    }

    @Test
    void aReplayIsTheFirstAnswerInTheFormatAskedFor() {
        String key = "replay-" + UUID.randomUUID();
        String body = "{\"name_en\":\"Replayed\",\"price\":\"123456789012345.1234\"}";
        ExtractableResponse<Response> first = as(org).header("Idempotency-Key", key).body(body).post("/api/v1/products")
                .then().statusCode(201).header("Idempotent-Replayed", nullValue()).extract();
        // the record changes afterwards; the replay is still the answer the key got
        String id = first.path("data.id");
        as(org).body(Map.of("name_en", "Renamed")).patch("/api/v1/products/" + id).then().statusCode(200);

        ExtractableResponse<Response> replay = as(org).header("Idempotency-Key", key).body(body).post("/api/v1/products")
                .then().statusCode(201).header("Idempotent-Replayed", "true").header("ETag", first.header("ETag"))
                .extract();
        assertThat(replay.asString()).isEqualTo(first.asString());
        assertThat(replay.asString()).contains("123456789012345.1234").contains("\"Replayed\"");

        as(org).header("Idempotency-Key", key).header("Accept", "application/xml").body(body).post("/api/v1/products")
                .then().statusCode(201).contentType("application/xml").header("Idempotent-Replayed", "true")
                .body("response.data.id", equalTo(id)).body("response.data.name_en", equalTo("Replayed"));
    }

    @Test
    void aKeyUsedWithAnotherBodyIsRefusedAndOnlyPerEndpoint() {
        String key = "reused-" + UUID.randomUUID();
        as(org).header("Idempotency-Key", key).body(Map.of("name", "First")).post("/api/v1/brands").then().statusCode(201);
        as(org).header("Idempotency-Key", key).body(Map.of("name", "Second")).post("/api/v1/brands")
                .then().statusCode(422).body("error_code", equalTo("idempotency_key_reused"));
        // a key is scoped to its endpoint (docs/architecture.md#public-api): the same key elsewhere is another request
        as(org).header("Idempotency-Key", key).body(Map.of("name_en", "First")).post("/api/v1/categories")
                .then().statusCode(201).header("Idempotent-Replayed", nullValue());
        as(org).header("Idempotency-Key", "k".repeat(256)).body(Map.of("name", "Long key")).post("/api/v1/brands")
                .then().statusCode(400).body("error_code", equalTo("bad_request")).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void aCrashBetweenTheCommitAndTheAnswerIsAnsweredByTheRetry() throws Exception {
        String key = "crash-" + UUID.randomUUID();
        String sku = "CRASH-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"name_en\":\"Crashed\",\"sku\":\"" + sku + "\"}";
        assertThatThrownBy(() -> post("products", key, body, Map.of(CrashAfterCommit.HEADER, "yes")))
                .as("the first request's answer never arrives").isInstanceOf(IOException.class);
        String stored = as(org).queryParam("sku", sku).get("/api/v1/products").then().body("total_count", equalTo(1))
                .extract().path("data[0].id");

        HttpResponse<String> retry = post("products", key, body, Map.of());
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(MAPPER.readTree(retry.body()).path("data").path("id").asText()).isEqualTo(stored);
        as(org).queryParam("sku", sku).get("/api/v1/products").then().body("total_count", equalTo(1));
    }

    @Test
    void aKeyWhoseRequestIsStillRunningIsA409AndOneWhoseRequestDiedIsTakenOver() throws SQLException {
        String template = "template-" + UUID.randomUUID();
        Map<String, String> body = Map.of("name", "Claimed");
        as(org).header("Idempotency-Key", template).body(body).post("/api/v1/brands").then().statusCode(201);
        String hash = string("SELECT request_hash FROM idempotency_keys WHERE org_id = ? AND idempotency_key = ?", org, template);

        String running = "running-" + UUID.randomUUID();
        claim(running, hash, "now() + interval '1 minute'");
        as(org).header("Idempotency-Key", running).body(body).post("/api/v1/brands").then().statusCode(409)
                .header("Retry-After", "1").body("error_code", equalTo("idempotency_key_in_use"));
        as(org).header("Idempotency-Key", running).body(Map.of("name", "Other")).post("/api/v1/brands")
                .then().statusCode(422).body("error_code", equalTo("idempotency_key_reused"));

        // a claim past its time belongs to a request that died before it committed: the retry runs
        String died = "died-" + UUID.randomUUID();
        claim(died, hash, "now() - interval '1 second'");
        as(org).header("Idempotency-Key", died).body(body).post("/api/v1/brands").then().statusCode(201)
                .header("Idempotent-Replayed", nullValue());
        as(org).header("Idempotency-Key", died).body(body).post("/api/v1/brands").then().statusCode(201)
                .header("Idempotent-Replayed", "true");
    }

    @Test
    void aRequestThatOutlivesItsClaimCannotCreateOnceARetryTookTheKeyOver() throws Exception {
        String key = "outlived-" + UUID.randomUUID();
        String name = "Outlived " + UUID.randomUUID();
        String body = "{\"name\":\"" + name + "\"}";
        CountDownLatch waiting = SlowBrandResource.holdNext();
        CompletableFuture<HttpResponse<String>> late = http.sendAsync(request("../../test/slow-brands", key, body, Map.of()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the first request holds the key and waits in its write").isTrue();
        update("UPDATE idempotency_keys SET running_until = now() - interval '1 second' WHERE org_id = ? AND idempotency_key = ?",
                org, key); // as if it had run for longer than its claim

        HttpResponse<String> retry = post("../../test/slow-brands", key, body, Map.of());
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        SlowBrandResource.release();
        HttpResponse<String> first = late.get(30, TimeUnit.SECONDS);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(409);
        assertThat(MAPPER.readTree(first.body()).path("error_code").asText()).isEqualTo("idempotency_key_in_use");

        String id = MAPPER.readTree(retry.body()).path("data").path("id").asText();
        as(org).queryParam("name", name).get("/api/v1/brands").then().body("total_count", equalTo(1)).body("data[0].id", equalTo(id));
        HttpResponse<String> replay = post("../../test/slow-brands", key, body, Map.of());
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(MAPPER.readTree(replay.body()).path("data").path("id").asText()).isEqualTo(id);
    }

    @Test
    void anExpiredKeyIsANewRequestAndExpiredKeysAreDeleted() throws SQLException {
        String key = "expiring-" + UUID.randomUUID();
        Map<String, String> body = Map.of("name", "Expiring");
        String first = as(org).header("Idempotency-Key", key).body(body).post("/api/v1/brands").then().statusCode(201)
                .extract().path("data.id");
        expire(key);
        as(org).header("Idempotency-Key", key).body(body).post("/api/v1/brands").then().statusCode(201)
                .header("Idempotent-Replayed", nullValue()).body("data.id", not(equalTo(first)));

        String forgotten = "forgotten-" + UUID.randomUUID();
        as(org).header("Idempotency-Key", forgotten).body(body).post("/api/v1/brands").then().statusCode(201);
        expire(forgotten);
        assertThat(keys.forgetExpired()).isPositive();
        assertThat(string("SELECT count(*)::text FROM idempotency_keys WHERE org_id = ? AND idempotency_key = ?", org, forgotten))
                .isEqualTo("0");
        assertThat(string("SELECT count(*)::text FROM idempotency_keys WHERE org_id = ? AND idempotency_key = ?", org, key))
                .as("a key within its 24 hours stays").isEqualTo("1");
    }

    private HttpResponse<String> post(String entity, String key, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        return http.send(request(entity, key, body, headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String entity, String key, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(entity)).timeout(Duration.ofSeconds(30))
                .header("Authorization", InternalTokens.bearer(org)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return request;
    }

    private void claim(String key, String hash, String runningUntil) throws SQLException {
        update("INSERT INTO idempotency_keys (org_id, endpoint, idempotency_key, request_hash, owner, running_until, expires)"
                + " VALUES (?, '/api/v1/brands', ?, ?, gen_random_uuid(), " + runningUntil + ", now() + interval '1 day')",
                org, key, hash);
    }

    private void expire(String key) throws SQLException {
        update("UPDATE idempotency_keys SET expires = now() - interval '1 second' WHERE org_id = ? AND idempotency_key = ?",
                org, key);
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private String string(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }
}
