package dev.entrepot.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.entrepot.systemtests.GatewayIT.Shop;
import dev.entrepot.systemtests.Suite.App;
import io.restassured.http.ContentType;
import io.restassured.path.xml.XmlPath;
import io.restassured.specification.RequestSpecification;

/**
 * Piranya's clients (seed 001, docs/dialects.md) unchanged but for the host: every request its document
 * shows — {@code data/User.json} as the user and as an admin filtered by email, a product created, changed
 * and deleted with {@code {"data": [...]}}, {@code users/accesstoken?infinite=true} — with Basic (email and
 * password) and Bearer, each answer read in its envelope as the document shows it; and its refusals.
 */
class PiranyaDialectIT extends SuiteTest {

    private static final String GATEWAY = App.GATEWAY.baseUri().toString();

    private static RequestSpecification as(String authorization) {
        return given().baseUri(GATEWAY).header("Authorization", authorization).contentType(ContentType.JSON);
    }

    private static String basic(String email) {
        return "Basic " + Base64.getEncoder().encodeToString((email + ":" + GatewayIT.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDocumentsUserRequestsAnswerTheCurrentUserOrAsAnAdminTheOnesAskedFor() {
        Shop shop = GatewayIT.signUp();
        String owner = basic(shop.email());
        String userId = as(owner).header("Accept-Language", "da-DK,da;q=0.9")
                .get("/piranyaplatform/data/User.json?api_version=3&depth=2").then().statusCode(200)
                .body("api_version", equalTo(3)).body("locale", equalTo("da")).body("result", equalTo("ok"))
                .body("data", hasSize(1)).body("data[0].email", equalTo(shop.email()))
                .body("data[0].username", equalTo(shop.email())).body("data[0].created", notNullValue())
                .body("data[0].profile.email", equalTo(shop.email())).body("data[0].profile.middle_name", nullValue())
                .extract().path("data[0].id");
        as(owner).body(Map.of("first_name", "Test", "last_name", "Testsen", "phone", "+4512345678"))
                .patch("/api/v1/users/" + userId).then().statusCode(200);
        as(owner).get("/piranyaplatform/data/User.json?api_version=3&depth=2").then().statusCode(200)
                .body("data[0].profile", equalTo(mapOf("first_name", "Test", "middle_name", null, "last_name", "Testsen",
                        "email", shop.email(), "primary_phone", "+4512345678")));

        String colleague = "piranya-" + UUID.randomUUID() + "@example.com";
        as(owner).body(Map.of("email", colleague, "password", GatewayIT.PASSWORD)).post("/api/v1/users").then().statusCode(201);
        as(owner).get("/piranyaplatform/data/User.json?api_version=3&depth=2&mode=admin&email=" + colleague).then()
                .statusCode(200).header("Entrepot-Total-Count", "1").body("data", hasSize(1))
                .body("data[0].email", equalTo(colleague)).body("locale", equalTo("en"));
        // "By default requests are made on behalf of the user that is authenticated"
        as(owner).get("/piranyaplatform/data/User.json?email=" + colleague).then().statusCode(200).body("data", empty());
        as(basic(colleague)).get("/data/User.json").then().statusCode(200).body("data.email", equalTo(List.of(colleague)));
        // an API key is no user: at the default elevation it sees none
        as(shop.key()).get("/piranyaplatform/data/User.json").then().statusCode(200).body("data", empty());

        // without Accept-Language, the organization's locale (a credential authenticated after it changed)
        as(owner).body(Map.of("locale", "da")).patch("/api/v1/me/organization").then().statusCode(200);
        String token = as(owner).body(Map.of("name", "after", "expires_in", 3600)).post("/api/v1/auth/access-tokens").then()
                .statusCode(201).extract().path("data.token");
        as("Bearer " + token).get("/piranyaplatform/data/User.json").then().statusCode(200).body("locale", equalTo("da"));
        as("Bearer " + token).header("Accept-Language", "sv-SE").get("/piranyaplatform/data/User.json").then()
                .body("locale", equalTo("sv"));
    }

    @Test
    void aProductIsCreatedChangedAndDeletedWithDataBatches() {
        Shop shop = GatewayIT.signUp();
        String owner = basic(shop.email());
        String product = as(owner).body(Map.of("data", List.of(Map.of("system_identifier", "SKU1234", "name_en", "Kettle"))))
                .post("/piranyaplatform/data/Product.json").then().statusCode(201)
                .body("api_version", equalTo(3)).body("result", equalTo("ok"))
                .body("data[0].system_identifier", equalTo("SKU1234")).body("data[0].sku", equalTo("SKU1234"))
                .extract().path("data[0].id");
        // other parameters may stand beside data
        as(owner).body(Map.of("data", List.of(Map.of("system_identifier", "SKU1235", "name_en", "Pot")), "api_version", 3,
                "mode", "admin")).post("/piranyaplatform/data/Product.json").then().statusCode(201)
                .body("data[0].name_en", equalTo("Pot"));

        // "Update or PUT requests behave very similarly to POST": the fields sent change, the others stay
        as(owner).body(Map.of("data", List.of(Map.of("id", product, "name_en", "Steel kettle"))))
                .put("/piranyaplatform/data/Product.json").then().statusCode(200).body("result", equalTo("ok"))
                .body("data[0].name_en", equalTo("Steel kettle")).body("data[0].system_identifier", equalTo("SKU1234"));
        as(owner).get("/piranyaplatform/data/Product.json?system_identifier=SKU1234").then().statusCode(200)
                .header("Entrepot-Total-Count", "1").body("data[0].id", equalTo(product));
        // the query is rewritten as the client encoded it: braces and an encoded percent stay what they were
        as(owner).urlEncodingEnabled(false).get("/piranyaplatform/data/Product.json?api_version=3&name_en=%7Bx%7D%2541")
                .then().statusCode(200).body("data", empty());
        String xml = as(owner).get("/piranyaplatform/data/Product.xml").then().statusCode(200).contentType(ContentType.XML)
                .extract().asString();
        assertThat(new XmlPath(xml).getInt("response.api_version")).isEqualTo(3);
        assertThat(new XmlPath(xml).getString("response.result")).isEqualTo("ok");

        // "a DELETE request with the payload below would delete the entity that has the ID"
        as(owner).body(Map.of("data", List.of(Map.of("id", product)))).delete("/piranyaplatform/data/Product.json").then()
                .statusCode(200).body("result", equalTo("ok")).body("data", empty());
        as(owner).get("/piranyaplatform/data/Product.json?system_identifier=SKU1234").then().body("data", empty());
    }

    @Test
    void anAccessTokenMadeWhileLoggedInNeverExpiresWithInfinite() {
        Shop shop = GatewayIT.signUp();
        String token = as(basic(shop.email())).get("/users/accesstoken?infinite=true").then().statusCode(201)
                .header("Cache-Control", "no-store").body("api_version", equalTo(3)).body("result", equalTo("ok")).body("data[0].expires_at", nullValue())
                .extract().path("data[0].token");
        as("Bearer " + token).get("/piranyaplatform/data/User.json").then().statusCode(200)
                .body("data[0].email", equalTo(shop.email()));
        as("Bearer " + shop.session()).post("/users/accesstoken").then().statusCode(201)
                .body("data[0].expires_at", notNullValue());
        // a GET from another site's page creates nothing
        as(basic(shop.email())).header("Sec-Fetch-Site", "cross-site").get("/users/accesstoken?infinite=true").then()
                .statusCode(404).body("result", equalTo("error"));
    }

    @Test
    void refusalsKeepTheirStatusAndSayResultError() {
        Shop shop = GatewayIT.signUp();
        String owner = basic(shop.email());
        as(owner).get("/piranyaplatform/data/Product.json?api_version=4").then().statusCode(400)
                .body("result", equalTo("error")).body("api_version", equalTo(3)).body("errors[0].field", equalTo("api_version"));
        as(owner).body(Map.of("data", List.of(Map.of("name_en", "")))).post("/piranyaplatform/data/Product.json").then()
                .statusCode(422).body("result", equalTo("error")).body("data", empty())
                .body("errors[0].index", equalTo(0)).body("errors.field", hasItem("name_en"));
        as(owner).body(Map.of("data", List.of(Map.of("name_en", "A")))).post("/piranyaplatform/data/Product.csv").then()
                .statusCode(415).body("result", equalTo("error"));
        as(owner).get("/piranyaplatform/data/Widget.json").then().statusCode(404).body("result", equalTo("error"));
        given().baseUri(GATEWAY).get("/piranyaplatform/data/User.json").then().statusCode(401)
                .body("result", equalTo("error")).body("api_version", equalTo(3));

        String member = "piranya-" + UUID.randomUUID() + "@example.com";
        as(owner).body(Map.of("email", member, "password", GatewayIT.PASSWORD)).post("/api/v1/users").then().statusCode(201);
        as(basic(member)).get("/piranyaplatform/data/User.json?mode=admin").then().statusCode(403).body("result", equalTo("error"));
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
