package dev.entrepot.identity.rest;

import static dev.entrepot.identity.rest.IdentityApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.identity.rest.IdentityApi.Account;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.xml.XmlPath;

/**
 * identity-service's share of issue 20: hostile input on its own endpoints (login needs no credential) is a
 * 4xx in the envelope that changes nothing, and its generic entities are served in every format.
 */
@QuarkusTest
@RealInfrastructure(database = "identity")
class HostileInputTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    private HttpResponse<String> post(String path, String authorization, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode refused(HttpResponse<String> response, int status, String errorCode) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("code").asInt()).isEqualTo(status);
        assertThat(body.path("error_code").asText()).isEqualTo(errorCode);
        assertThat(body.path("errors").isArray()).isTrue();
        return body;
    }

    @Test
    void aMalformedContentTypeOnLoginIsA415WithoutAnyCredential() throws Exception {
        Account owner = IdentityApi.signup();
        String login = "{\"email\":\"" + owner.email() + "\",\"password\":\"" + owner.password() + "\"}";
        for (String contentType : new String[] { "", "application/json/json", "application/json, application/xml", "text/plain" }) {
            refused(post("/api/v1/auth/login", null, contentType, login), 415, "unsupported_media_type");
        }
        refused(post("/api/v1/auth/signup", null, "application/xml",
                "<signup>" + "<a>".repeat(10_000) + "</a>".repeat(10_000) + "</signup>"), 400, "malformed_body");
        refused(post("/api/v1/auth/signup", null, "application/json", "{\"organization\":" + "[".repeat(10_000) + "]".repeat(10_000)
                + "}"), 400, "malformed_body");
        JsonNode nul = refused(post("/api/v1/auth/login", null, "application/json",
                "{\"email\":\"a\\u0000@x.test\",\"password\":\"p\"}"), 422, "validation_failed");
        assertThat(nul.path("errors").get(0).path("field").asText()).isEqualTo("email");
        assertThat(post("/api/v1/auth/login", null, "application/json", login).statusCode()).isEqualTo(200);
    }

    @Test
    void nulAndLoneSurrogatesInAUserAre422AndChangeNothing() throws Exception {
        Account owner = IdentityApi.signup();
        String bearer = "Bearer " + IdentityApi.internalToken(owner.bearer());
        JsonNode created = refused(post("/api/v1/users", bearer, "application/json",
                "{\"email\":\"n@x.test\",\"password\":\"User-pass-12345\",\"name\":\"\\u0000\"}"), 422, "validation_failed");
        assertThat(created.path("errors").get(0).path("field").asText()).isEqualTo("name");
        refused(post("/api/v1/users", bearer, "application/json",
                "{\"email\":\"n@x.test\",\"password\":\"User-pass-12345\",\"name\":\"\\udc00\"}"), 422, "validation_failed");
        refused(post("/api/v1/departments", bearer, "application/json", "{\"name\":\"a\\u0000\"}"), 422, "validation_failed");
        refused(post("/api/v1/integrations", bearer, "application/json", "{\"name\":\"erp\",\"description\":\"\\ud800\"}"), 422,
                "validation_failed");
        as(owner).body("{\"name\":\"a\\u0000b\"}").patch("/api/v1/users/" + owner.userId()).then().statusCode(422)
                .body("error_code", equalTo("validation_failed")).body("errors.field", hasItem("name"));
        as(owner).body("{\"password\":\"a\\u0000bcdefghijklmnop\"}").patch("/api/v1/users/" + owner.userId()).then()
                .statusCode(422).body("errors.field", hasItem("password"));
        as(owner).get("/api/v1/users").then().body("total_count", equalTo(1)).body("data[0].name", equalTo(null));
        as(owner).get("/api/v1/departments").then().body("total_count", equalTo(0));
        as(owner).get("/api/v1/integrations").then().body("total_count", equalTo(0));
        IdentityApi.login(owner.email(), owner.password());
    }

    @Test
    void listsRefuseHostileParameters() {
        Account owner = IdentityApi.signup();
        as(owner).urlEncodingEnabled(false).get("/api/v1/users?email=%00").then().statusCode(400)
                .body("error_code", equalTo("bad_request")).body("errors.field", hasItem("email"));
        as(owner).urlEncodingEnabled(false).get("/api/v1/users?sort=,,,").then().statusCode(400).body("errors.field", hasItem("sort"));
        as(owner).urlEncodingEnabled(false).get("/api/v1/departments?name[like]=%25%5C").then().statusCode(400)
                .body("errors.field", hasItem("name"));
    }

    @Test
    void logoutTakesNoBodyAsCurlSendsIt() throws Exception {
        Account owner = IdentityApi.signup();
        String bearer = "Bearer " + IdentityApi.internalToken(owner.bearer());
        HttpResponse<String> logout = post("/api/v1/auth/logout", bearer, null, null);
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
    }

    @Test
    void usersIntegrationsAndDepartmentsAreServedInEveryFormat() {
        Account owner = IdentityApi.signup();
        String integration = IdentityApi.createIntegration(owner, IdentityApi.newName("erp"));
        String department = as(owner).body(Map.of("name", "Sales")).post("/api/v1/departments").then().statusCode(201)
                .extract().path("data.id");

        String user = as(owner).get("/api/v1/users/" + owner.userId() + ".xml").then().statusCode(200)
                .contentType(ContentType.XML).extract().asString();
        assertThat(new XmlPath(user).getString("response.data.email")).isEqualTo(owner.email());
        String csv = as(owner).get("/api/v1/users/" + owner.userId() + ".csv").then().statusCode(200).contentType("text/csv")
                .extract().asString();
        assertThat(csv.lines().toList()).hasSize(2);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("id,").contains("email");
        assertThat(csv).contains(owner.email()).doesNotContain("password");
        as(owner).get("/api/v1/users.csv").then().statusCode(200).contentType("text/csv");
        as(owner).get("/api/v1/users.pdf").then().statusCode(200).contentType("application/pdf");
        as(owner).accept(ContentType.XML).get("/api/v1/users").then().statusCode(200).contentType(ContentType.XML);

        String xml = as(owner).get("/api/v1/integrations/" + integration + ".xml").then().statusCode(200)
                .contentType(ContentType.XML).extract().asString();
        assertThat(new XmlPath(xml).getString("response.data.id")).isEqualTo(integration);
        as(owner).get("/api/v1/integrations.csv").then().statusCode(200).contentType("text/csv");
        as(owner).get("/api/v1/departments/" + department + ".csv").then().statusCode(200).contentType("text/csv");
        as(owner).get("/api/v1/departments.xml").then().statusCode(200).contentType(ContentType.XML);
        as(owner).body(Map.of("name", "x")).patch("/api/v1/users/" + owner.userId() + ".csv").then().statusCode(415)
                .body("error_code", equalTo("unsupported_media_type"));
    }
}
