package dev.entrepot.orders.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.orders.placement.CatalogStub;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.testing.IntegrationsStub;
import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * orders-service's share of issue 20: the lifecycle actions' bodies (none is fine, what an action does not
 * take is refused, and nothing moves), and the platform's refusals of hostile input on its own endpoints.
 */
@QuarkusTest
@RealInfrastructure(database = "orders")
@QuarkusTestResource(CatalogStub.class)
@QuarkusTestResource(IntegrationsStub.class)
class HostileInputTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    private final String org = "org-" + UUID.randomUUID();
    private final String mug = Ids.next();

    @BeforeEach
    void product() {
        CatalogStub.product(mug, "MUG-1", "15", "SAR", true);
    }

    private RequestSpecification as() {
        return given().header("Authorization", InternalTokens.bearer(org)).contentType(ContentType.JSON);
    }

    private String placed() {
        return as().body(Map.of("currency", "SAR", "lines", List.of(Map.of("product_id", mug, "quantity", 1))))
                .post("/api/v1/orders").then().statusCode(201).extract().path("data.id");
    }

    /** A POST as {@code curl -X POST} sends it when {@code contentType} and {@code body} are null. */
    private HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", InternalTokens.bearer(org))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode refused(HttpResponse<String> response, int status, String errorCode) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error_code").asText()).isEqualTo(errorCode);
        assertThat(body.path("errors").isArray()).isTrue();
        return body;
    }

    private void unchanged(String order) {
        as().get("/api/v1/orders/" + order).then().statusCode(200).body("data.status", equalTo("pending"))
                .header("ETag", "\"1\"");
    }

    @Test
    void cancelTakesNoBodyAtAllAsCurlSendsIt() throws Exception {
        String order = placed();
        refused(post("/api/v1/orders/" + Ids.next() + "/cancel", null, null), 404, "not_found");
        refused(post("/api/v1/orders/" + Ids.next() + "/fulfil", null, null), 404, "not_found");
        HttpResponse<String> cancelled = post("/api/v1/orders/" + order + "/cancel", null, null);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(cancelled.body()).path("data").path("status").asText()).isEqualTo("cancelled");

        String withReason = placed();
        HttpResponse<String> xml = post("/api/v1/orders/" + withReason + "/cancel", "application/xml",
                "<cancel><reason>changed mind</reason></cancel>");
        assertThat(xml.statusCode()).as(xml.body()).isEqualTo(200);
        as().get("/api/v1/orders/" + withReason).then().body("data.reason", equalTo("changed mind"));
    }

    @Test
    void aBodyAnActionDoesNotTakeIsRefusedAndNothingMoves() throws Exception {
        String order = placed();
        refused(post("/api/v1/orders/" + order + "/cancel", "application/json", "{\"why\":\"x\"}"), 422, "validation_failed");
        String twoMegabytes = "{\"reason\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        refused(post("/api/v1/orders/" + order + "/cancel", "application/json", twoMegabytes), 413, "payload_too_large");
        JsonNode tooLong = refused(post("/api/v1/orders/" + order + "/cancel", "application/json",
                "{\"reason\":\"" + "x".repeat(501) + "\"}"), 422, "validation_failed");
        assertThat(tooLong.path("errors").get(0).path("field").asText()).isEqualTo("reason");
        JsonNode nul = refused(post("/api/v1/orders/" + order + "/cancel", "application/json", "{\"reason\":\"a\\u0000\"}"),
                422, "validation_failed");
        assertThat(nul.path("errors").get(0).path("field").asText()).isEqualTo("reason");
        JsonNode fulfil = refused(post("/api/v1/orders/" + order + "/fulfil", "application/json", "{\"tracking\":\"T-1\"}"),
                422, "validation_failed");
        assertThat(fulfil.path("errors").get(0).path("field").asText()).isEqualTo("tracking");
        refused(post("/api/v1/orders/" + order + "/deliver", "text/plain", "delivered"), 415, "unsupported_media_type");
        refused(post("/api/v1/orders/" + order + "/deliver", "application/json", "[]"), 422, "validation_failed");
        unchanged(order);
        // an empty object is no body: the step itself is what refuses a pending order
        refused(post("/api/v1/orders/" + order + "/fulfil", "application/json", "{}"), 409, "invalid_transition");
        unchanged(order);
    }

    @Test
    void hostileInputOnOrdersAndCustomersIsA4xxInTheEnvelope() throws Exception {
        String order = placed();
        String line = "{\"currency\":\"SAR\",\"lines\":[{\"product_id\":\"" + mug + "\",\"quantity\":1}]}";
        refused(post("/api/v1/orders", "application/json/json", line), 415, "unsupported_media_type");
        refused(post("/api/v1/orders", "", line), 415, "unsupported_media_type");
        refused(post("/api/v1/orders/" + order + "/cancel", "application/json/json", null), 415, "unsupported_media_type");
        refused(post("/api/v1/customers", "application/json", "{\"name\":\"a\\u0000b\"}"), 422, "validation_failed");
        refused(post("/api/v1/customers", "application/xml", "<c>" + "<a>".repeat(5000) + "</a>".repeat(5000) + "</c>"), 400,
                "malformed_body");
        as().urlEncodingEnabled(false).get("/api/v1/orders?sort=,").then().statusCode(400).body("errors.field", hasItem("sort"));
        as().urlEncodingEnabled(false).get("/api/v1/orders?number=%00").then().statusCode(400).body("errors.field", hasItem("number"));
        as().urlEncodingEnabled(false).get("/api/v1/customers?name[like]=%25%5C").then().statusCode(400)
                .body("error_code", equalTo("bad_request"));
        as().get("/api/v1/orders").then().body("total_count", equalTo(1));
        as().get("/api/v1/customers").then().body("total_count", equalTo(0));
        unchanged(order);
    }
}
