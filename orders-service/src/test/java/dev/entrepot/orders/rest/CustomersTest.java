package dev.entrepot.orders.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Customers through the generic API, against the real PostgreSQL. */
@QuarkusTest
@RealInfrastructure(database = "orders")
class CustomersTest {

    private final String org = "org-" + UUID.randomUUID();

    private static RequestSpecification as(String organization) {
        return given().header("Authorization", InternalTokens.bearer(organization)).contentType(ContentType.JSON);
    }

    private String create(Map<String, ?> customer) {
        return as(org).body(customer).post("/api/v1/customers").then().statusCode(201).extract().path("data.id");
    }

    @Test
    void aCustomerIsCreatedWithDefaultsAndAddresses() {
        Map<String, String> home = Map.of("label", "home", "line1", "King Fahd Rd 12", "city", "Riyadh", "country", "SA");
        String id = create(Map.of("name", "Sara Al-Harbi", "email", "sara@example.com", "phone", "+966 50 123 4567",
                "addresses", List.of(home)));

        as(org).get("/api/v1/customers/" + id).then().statusCode(200)
                .body("data.name", equalTo("Sara Al-Harbi"))
                .body("data.type", equalTo("regular"))
                .body("data.status", equalTo("active"))
                .body("data.addresses", hasSize(1))
                .body("data.addresses[0].city", equalTo("Riyadh"))
                .body("data.addresses[0].country", equalTo("SA"));
    }

    @Test
    void anEmailIsUniqueWithinAnOrganizationWhateverItsCase() {
        create(Map.of("name", "First", "email", "same@example.com"));
        as(org).body(Map.of("name", "Second", "email", "same@example.com")).post("/api/v1/customers").then().statusCode(409);
        as(org).body(Map.of("name", "Third", "email", "SAME@Example.com")).post("/api/v1/customers").then().statusCode(409)
                .body("error_code", equalTo("duplicate"));
        String other = "org-" + UUID.randomUUID();
        as(other).body(Map.of("name", "Elsewhere", "email", "same@example.com")).post("/api/v1/customers").then().statusCode(201);
        as(org).get("/api/v1/customers").then().body("total_count", equalTo(1));
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        as(org).body(Map.of("name", "X", "email", "not-an-email")).post("/api/v1/customers").then().statusCode(422)
                .body("errors[0].field", equalTo("email"));
        as(org).body(Map.of("name", "X", "type", "gold")).post("/api/v1/customers").then().statusCode(422)
                .body("errors[0].field", equalTo("type")).body("errors[0].message", containsString("regular, vip or wholesale"));
        as(org).body(Map.of("name", "X", "status", "gone")).post("/api/v1/customers").then().statusCode(422)
                .body("errors[0].field", equalTo("status"));
        as(org).body(Map.of("name", "X", "phone", "call me")).post("/api/v1/customers").then().statusCode(422)
                .body("errors[0].field", equalTo("phone"));
        as(org).body(Map.of("name", "X", "addresses", List.of("Riyadh"))).post("/api/v1/customers").then().statusCode(422)
                .body("errors[0].field", equalTo("addresses"));
        as(org).body(Map.of("name", "X", "addresses", List.of(Map.of("city", 7)))).post("/api/v1/customers").then().statusCode(422)
                .body("errors[0].field", equalTo("addresses"));
        as(org).body(Map.of("name", "X", "addresses", List.of(Map.of("planet", "Mars")))).post("/api/v1/customers").then()
                .statusCode(422).body("errors[0].message", containsString("'planet'"));
        as(org).body(Map.of("name", "X", "addresses", List.of(Map.of("country", "Saudi")))).post("/api/v1/customers").then()
                .statusCode(422).body("errors[0].message", containsString("ISO 3166-1"));
        List<Map<String, String>> tooMany = java.util.stream.IntStream.range(0, 21).mapToObj(i -> Map.of("line1", "Street " + i)).toList();
        as(org).body(Map.of("name", "X", "addresses", tooMany)).post("/api/v1/customers").then().statusCode(422)
                .body("errors[0].message", containsString("at most 20"));
        as(org).body(Map.of("email", "x@example.com")).post("/api/v1/customers").then().statusCode(422)
                .body("errors[0].field", equalTo("name"));
        as(org).get("/api/v1/customers").then().body("total_count", equalTo(0));
    }

    @Test
    void customersAreFilteredByTypeAndStatus() {
        create(Map.of("name", "Regular one"));
        String vip = create(Map.of("name", "VIP one", "type", "vip"));
        create(Map.of("name", "Blocked VIP", "type", "vip", "status", "blocked"));

        as(org).queryParam("type", "vip").queryParam("status", "active").get("/api/v1/customers").then().statusCode(200)
                .body("data.id", contains(vip));
        as(org).body(Map.of("addresses", List.of(Map.of("city", "Jeddah")))).patch("/api/v1/customers/" + vip).then()
                .statusCode(200).body("data.addresses[0].city", equalTo("Jeddah")).body("data.type", equalTo("vip"));
    }
}
