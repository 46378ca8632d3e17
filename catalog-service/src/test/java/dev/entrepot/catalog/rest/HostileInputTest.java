package dev.entrepot.catalog.rest;

import static dev.entrepot.catalog.rest.CatalogApi.as;
import static dev.entrepot.catalog.rest.CatalogApi.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * What an attacker or a careless client sends (issue 20, "answers of 500 where a 4xx belongs"): each is a
 * 4xx in the error envelope, and nothing is written.
 */
@QuarkusTest
@RealInfrastructure(database = "catalog")
class HostileInputTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    private final String org = CatalogApi.newOrganization();

    /** The request as raw as the JDK client lets it be: any Content-Type, including an empty one. */
    private HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", InternalTokens.bearer(org))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET sent as written, which no HTTP client library would send (a URL that is not validly encoded). */
    private String rawGet(String target) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + InternalTokens.bearer(org) + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode envelope(HttpResponse<String> response, int status, String errorCode) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("code").asInt()).isEqualTo(status);
        assertThat(body.path("error_code").asText()).isEqualTo(errorCode);
        assertThat(body.path("message").isTextual()).isTrue();
        assertThat(body.path("errors").isArray()).isTrue();
        return body;
    }

    private static ValidatableResponse isEnvelope(ValidatableResponse response, int status, String errorCode) {
        return response.statusCode(status).contentType(ContentType.JSON).body("status", equalTo(status))
                .body("code", equalTo(status)).body("error_code", equalTo(errorCode));
    }

    private void brandCountIs(int count) {
        as(org).get("/api/v1/brands").then().statusCode(200).body("total_count", equalTo(count));
    }

    @Test
    void aMalformedContentTypeIsA415() throws Exception {
        String brand = "{\"name\":\"Acme\"}";
        for (String contentType : new String[] { "", "application/json/json", "/", "application", ";", "application/json, application/xml",
                "text/plain" }) {
            HttpResponse<String> refused = post("/api/v1/brands", contentType, brand);
            assertThat(refused.statusCode()).as("Content-Type '" + contentType + "'").isEqualTo(415);
            envelope(refused, 415, "unsupported_media_type");
        }
        envelope(post("/api/v1/brands/query", "application/json/json", "{}"), 415, "unsupported_media_type");
        brandCountIs(0);
    }

    @Test
    void aBodyWithoutContentTypeIsJsonAndNoBodyIsFineWhereTheBodyIsOptional() throws Exception {
        assertThat(post("/api/v1/brands", null, "{\"name\":\"Acme\"}").statusCode()).isEqualTo(201);
        envelope(post("/api/v1/brands", null, null), 400, "bad_request");
        envelope(post("/api/v1/brands", "text/plain", null), 415, "unsupported_media_type");
        for (String contentType : new String[] { null, "application/json" }) {
            HttpResponse<String> query = post("/api/v1/brands/query", contentType, null);
            assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
            assertThat(MAPPER.readTree(query.body()).path("total_count").asInt()).isEqualTo(1);
        }
        brandCountIs(1);
    }

    @Test
    void deepNestingIsRefusedInJsonAndXml() throws Exception {
        String deepXml = "<record>" + "<a>".repeat(10_000) + "</a>".repeat(10_000) + "</record>";
        envelope(post("/api/v1/brands", "application/xml", deepXml), 400, "malformed_body");
        String deepJson = "{\"name\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        envelope(post("/api/v1/brands", "application/json", deepJson), 400, "malformed_body");
        String deepQuery = "{\"filter\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}";
        envelope(post("/api/v1/brands/query", "application/json", deepQuery), 400, "malformed_body");
        // what the API itself takes is far shallower than the limit
        String nested = "<brand><name>Deep enough</name></brand>";
        assertThat(post("/api/v1/brands", "application/xml", nested).statusCode()).isEqualTo(201);
        brandCountIs(1);
    }

    @Test
    void nulAndLoneSurrogatesInABodyAre422NamingTheField() throws Exception {
        JsonNode nul = envelope(post("/api/v1/brands", "application/json", "{\"name\":\"a\\u0000b\"}"), 422, "validation_failed");
        assertThat(nul.path("errors").get(0).path("field").asText()).isEqualTo("name");
        JsonNode surrogate = envelope(post("/api/v1/brands", "application/json", "{\"name\":\"a\\ud800b\"}"), 422,
                "validation_failed");
        assertThat(surrogate.path("errors").get(0).path("field").asText()).isEqualTo("name");
        JsonNode inKey = envelope(post("/api/v1/products", "application/json",
                "{\"name_en\":\"x\",\"attributes\":{\"a\\u0000\":\"b\"}}"), 422, "validation_failed");
        assertThat(inKey.path("errors").get(0).path("field").asText()).isEqualTo("attributes.a\\u0000");
        JsonNode inBulk = envelope(post("/api/v1/brands", "application/json",
                "{\"data\":[{\"name\":\"ok\"},{\"name\":\"\\u0000\"}]}"), 422, "validation_failed");
        assertThat(inBulk.path("errors").get(0).path("field").asText()).isEqualTo("name");
        assertThat(inBulk.path("errors").get(0).path("index").asInt()).isEqualTo(1);
        String id = create(org, "brands", Map.of("name", "Acme"));
        isEnvelope(as(org).body("{\"name\":\"a\\u0000b\"}").patch("/api/v1/brands/" + id).then(), 422, "validation_failed")
                .body("errors.field", hasItem("name"));
        as(org).get("/api/v1/brands/" + id).then().body("data.name", equalTo("Acme")).header("ETag", "\"1\"");
        brandCountIs(1);
    }

    @Test
    void integrationDataThatCannotBeTextIs422BeforeAnythingIsForwarded() throws Exception {
        String id = create(org, "products", Map.of("name_en", "Kettle"));
        // integrations-service is not running for this class: had the patch been forwarded, this would be a 503
        for (String patch : new String[] { "{\"integrationsData.erp.k\":\"\\u0000\"}", "{\"integrationsData.erp.k\\u0000\":\"v\"}",
                "{\"integrationsData\":{\"erp\":{\"k\":\"\\ud800\"}}}" }) {
            isEnvelope(as(org).body(patch).patch("/api/v1/products/" + id).then(), 422, "validation_failed")
                    .body("errors[0].field", startsWith("integrationsData.erp.k"));
        }
        as(org).get("/api/v1/products/" + id).then().header("ETag", "\"1\"").body("data.integrationsData", equalTo(Map.of()));
    }

    @Test
    void aClientThatHangsUpMidBodyIsNoError() throws Exception {
        Logger mappers = Logger.getLogger("dev.entrepot.platform.api.ApiExceptionMappers");
        List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = mappers.getLevel();
        mappers.setLevel(Level.FINE);
        mappers.addHandler(capture);
        try {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                String head = "POST /api/v1/brands HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + InternalTokens.bearer(org)
                        + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"name\":\"half";
                socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                Thread.sleep(300);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> records.stream().anyMatch(record -> String.valueOf(record.getMessage()).contains("went away")));
            assertThat(records).noneMatch(record -> record.getLevel().intValue() >= Level.WARNING.intValue());
        } finally {
            mappers.removeHandler(capture);
            mappers.setLevel(level);
        }
        brandCountIs(0);
    }

    @Test
    void nulInAFilterIsA400NamingTheParameter() throws Exception {
        create(org, "brands", Map.of("name", "Acme"));
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/products?id=%00").then(), 400, "bad_request")
                .body("errors.field", hasItem("id"));
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/brands?name[ne]=%00").then(), 400, "bad_request")
                .body("errors.field", hasItem("name"));
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/brands?name[like]=a%00").then(), 400, "bad_request")
                .body("errors.field", hasItem("name"));
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/brands?name[in]=a,%00").then(), 400, "bad_request");
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/products?integrationsData.erp.id=%00").then(), 400,
                "bad_request").body("errors.field", hasItem("integrationsData.erp.id"));
        // in a body, like any text of a body: 422 naming where it is
        JsonNode body = envelope(post("/api/v1/products/query", "application/json", "{\"filter\":{\"sku\":\"\\u0000\"}}"),
                422, "validation_failed");
        assertThat(body.path("errors").get(0).path("field").asText()).isEqualTo("filter.sku");
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/brands?search=a%00b").then(), 400, "bad_request")
                .body("errors.field", hasItem("search"));
        // any parameter or path segment of any endpoint, before a resource sees it
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/brands?depth=%00").then(), 400, "bad_request")
                .body("errors.field", hasItem("depth"));
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/brands?na%00me=x").then(), 400, "bad_request");
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/brands/abc%00").then(), 400, "bad_request")
                .body("errors.field", hasItem("path"));
        as(org).urlEncodingEnabled(false).get("/api/v1/brands?name=%ED%A0%80").then().statusCode(200); // not UTF-8: read as U+FFFD
        // Vert.x refuses a URL that does not decode before any code of ours runs: a 400 without a body (docs/api.md#limits)
        for (String badlyEncoded : new String[] { "/api/v1/brands?name=%zz", "/api/v1/brands?name=%", "/api/v1/brands/%zz" }) {
            assertThat(rawGet(badlyEncoded)).as(badlyEncoded).startsWith("HTTP/1.1 400");
        }
        brandCountIs(1);
    }

    @Test
    void aLikePatternEndingInTheEscapeCharacterIsA400() {
        create(org, "brands", Map.of("name", "100% cotton"));
        create(org, "brands", Map.of("name", "back\\slash"));
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/brands?name[like]=%25%5C").then(), 400, "bad_request")
                .body("errors.field", hasItem("name"));
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/brands?name[like]=%5C%5C%5C").then(), 400, "bad_request");
        isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/products?integrationsData.erp.id[like]=x%5C").then(), 400,
                "bad_request");
        // an escaped wildcard or backslash is literal
        as(org).urlEncodingEnabled(false).get("/api/v1/brands?name[like]=%25%5C%25%25").then().statusCode(200)
                .body("data.name", equalTo(List.of("100% cotton")));
        as(org).urlEncodingEnabled(false).get("/api/v1/brands?name[like]=%25%5C%5C%25").then().statusCode(200)
                .body("data.name", equalTo(List.of("back\\slash")));
    }

    @Test
    void anEmptySortKeyIsA400() {
        for (String sort : new String[] { ",", ",,,", "name,", ",name", "-", "%2B", "%20,%20", "-name,,created" }) {
            isEnvelope(as(org).urlEncodingEnabled(false).get("/api/v1/brands?sort=" + sort).then(), 400, "bad_request")
                    .body("errors.field", hasItem("sort"));
        }
        as(org).urlEncodingEnabled(false).get("/api/v1/brands?sort=%20").then().statusCode(200); // blank: the default order
        isEnvelope(as(org).body("{\"sort\":[\"\"]}").post("/api/v1/brands/query").then(), 400, "bad_request");
        isEnvelope(as(org).body("{\"sort\":\",\"}").post("/api/v1/brands/query").then(), 400, "bad_request");
    }
}
