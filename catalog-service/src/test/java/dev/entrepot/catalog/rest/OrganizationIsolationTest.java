package dev.entrepot.catalog.rest;

import static dev.entrepot.catalog.rest.CatalogApi.as;
import static dev.entrepot.catalog.rest.CatalogApi.create;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@RealInfrastructure(database = "catalog")
class OrganizationIsolationTest {

    private final String mine = CatalogApi.newOrganization();
    private final String theirs = CatalogApi.newOrganization();

    @Test
    void anotherOrganizationsRecordIsNotFoundForEveryOperation() {
        String brand = create(theirs, "brands", Map.of("name", "Theirs"));
        String product = create(theirs, "products", Map.of("name_en", "Theirs", "sku", "T-1", "brand_id", brand));
        String path = "/api/v1/products/" + product;
        as(mine).get(path).then().statusCode(404).body("error_code", equalTo("not_found"));
        as(mine).body(Map.of("name_en", "Mine now")).put(path).then().statusCode(404);
        as(mine).body(Map.of("name_en", "Mine now")).patch(path).then().statusCode(404);
        as(mine).body(Map.of("name_en", "Mine now")).post(path).then().statusCode(404);
        as(mine).delete(path).then().statusCode(404);
        as(mine).body(Map.of("data", List.of(Map.of("id", product)))).delete("/api/v1/products").then().statusCode(404);
        as(mine).body(Map.of("data", List.of(Map.of("id", product, "name_en", "x")))).put("/api/v1/products").then().statusCode(404);
        as(mine).get("/api/v1/products").then().body("total_count", equalTo(0));
        as(mine).queryParam("sku", "T-1").get("/api/v1/products").then().body("total_count", equalTo(0));
        as(mine).body(Map.of("search", "theirs")).post("/api/v1/products/query").then().body("total_count", equalTo(0));
        // nor can a record of mine point at theirs
        as(mine).body(Map.of("name_en", "Mine", "brand_id", brand)).post("/api/v1/products").then().statusCode(422)
                .body("errors[0].field", equalTo("brand_id"));
        as(theirs).get(path).then().statusCode(200).body("data.name_en", equalTo("Theirs"));
    }

    @Test
    void everyReferenceOfAWriteNamesARecordOfTheSameOrganization() {
        String brand = create(theirs, "brands", Map.of("name", "Theirs"));
        String category = create(theirs, "categories", Map.of("name_en", "Theirs"));
        String own = create(mine, "products", Map.of("name_en", "Mine"));
        for (String reference : List.of(brand, "!!not-an-id!!", "aaaaaaaaaaaaaaa")) {
            as(mine).body(Map.of("name_en", "Mine", "brand_id", reference)).post("/api/v1/products").then().statusCode(422)
                    .body("errors.field", equalTo(List.of("brand_id")));
        }
        as(mine).body(Map.of("name_en", "Mine", "category_ids", List.of(category))).post("/api/v1/products")
                .then().statusCode(422).body("errors.field", equalTo(List.of("category_ids")));
        as(mine).body(Map.of("name_en", "Mine", "parent_id", category)).post("/api/v1/categories")
                .then().statusCode(422).body("errors.field", equalTo(List.of("parent_id")));
        as(mine).body(Map.of("brand_id", brand)).patch("/api/v1/products/" + own).then().statusCode(422)
                .body("errors.field", equalTo(List.of("brand_id")));
        as(mine).body(Map.of("data", List.of(Map.of("name_en", "Bulk", "brand_id", brand)))).post("/api/v1/products")
                .then().statusCode(422).body("errors[0].field", equalTo("brand_id"));
        as(mine).get("/api/v1/products").then().body("total_count", equalTo(1));
    }

    @Test
    void aRequestWithoutAValidInternalTokenIsRefused() {
        given().get("/api/v1/products").then().statusCode(401).body("error_code", equalTo("unauthorized"))
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer " + InternalTokens.forgedFor(mine)).get("/api/v1/products")
                .then().statusCode(401).body("error_code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer not-a-jwt").contentType(ContentType.JSON).body(Map.of("name_en", "x"))
                .post("/api/v1/products").then().statusCode(401);
    }
}
