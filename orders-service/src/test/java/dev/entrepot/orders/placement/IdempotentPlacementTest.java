package dev.entrepot.orders.placement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.testing.IntegrationsStub;
import dev.entrepot.platform.testing.Concurrently;
import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * {@code POST /orders} with an {@code Idempotency-Key} against the real database: the order and the
 * key's answer commit together (OrderPlacement joins the key's transaction), so concurrent retries and a
 * retry after a lost answer never place a second order.
 */
@QuarkusTest
@RealInfrastructure(database = "orders")
@QuarkusTestResource(CatalogStub.class)
@QuarkusTestResource(IntegrationsStub.class)
class IdempotentPlacementTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int CONCURRENT = 50;

    private final String org = "org-" + UUID.randomUUID();
    private final String kettle = Ids.next();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/api/v1/orders")
    URI orders;

    @Test
    void fiftyConcurrentPlacementsWithOneKeyPlaceOneOrder() throws Exception {
        CatalogStub.product(kettle, "KET-" + kettle, "120.50", "SAR", true);
        String key = "race-" + UUID.randomUUID();
        String body = order("raced");
        int callsBefore = CatalogStub.calls();
        List<HttpResponse<String>> answers = Concurrently.call(CONCURRENT, () -> post(key, body, Map.of()));

        Set<String> ids = new HashSet<>();
        for (HttpResponse<String> answer : answers) {
            JsonNode envelope = MAPPER.readTree(answer.body());
            assertThat(answer.statusCode()).as(answer.body()).isIn(201, 409);
            assertThat(envelope.path("status").asInt()).isEqualTo(answer.statusCode());
            if (answer.statusCode() == 201) {
                ids.add(envelope.path("data").path("id").asText());
            } else {
                assertThat(envelope.path("error_code").asText()).isEqualTo("idempotency_key_in_use");
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            }
        }
        assertThat(ids).hasSize(1);
        assertThat(CatalogStub.calls() - callsBefore).as("only the request holding the key priced the order").isEqualTo(1);
        String id = ids.iterator().next();
        given().header("Authorization", InternalTokens.bearer(org)).get("/api/v1/orders").then()
                .body("total_count", equalTo(1)).body("data[0].id", equalTo(id));

        HttpResponse<String> again = post(key, body, Map.of());
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(MAPPER.readTree(again.body()).path("data").path("id").asText()).isEqualTo(id);

        given().header("Authorization", InternalTokens.bearer(org)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(order("another note")).post("/api/v1/orders").then().statusCode(422)
                .body("error_code", equalTo("idempotency_key_reused"));
        given().header("Authorization", InternalTokens.bearer(org)).get("/api/v1/orders").then().body("total_count", equalTo(1));
    }

    @Test
    void aCrashBetweenTheCommitAndTheAnswerIsAnsweredByTheRetry() throws Exception {
        CatalogStub.product(kettle, "KET-" + kettle, "120.50", "SAR", true);
        String key = "crash-" + UUID.randomUUID();
        String body = order("crashed");
        assertThatThrownBy(() -> post(key, body, Map.of(CrashAfterCommit.HEADER, "yes")))
                .as("the first request's answer never arrives").isInstanceOf(IOException.class);
        String placed = given().header("Authorization", InternalTokens.bearer(org)).get("/api/v1/orders").then()
                .body("total_count", equalTo(1)).extract().path("data[0].id");

        HttpResponse<String> retry = post(key, body, Map.of());
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        JsonNode answer = MAPPER.readTree(retry.body()).path("data");
        assertThat(answer.path("id").asText()).isEqualTo(placed);
        assertThat(answer.path("status").asText()).isEqualTo("pending");
        given().header("Authorization", InternalTokens.bearer(org)).get("/api/v1/orders").then().body("total_count", equalTo(1));
    }

    private String order(String notes) {
        return "{\"currency\":\"SAR\",\"notes\":\"" + notes + "\",\"lines\":[{\"product_id\":\"" + kettle + "\",\"quantity\":2}]}";
    }

    private HttpResponse<String> post(String key, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(orders).timeout(Duration.ofSeconds(30))
                .header("Authorization", InternalTokens.bearer(org)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
