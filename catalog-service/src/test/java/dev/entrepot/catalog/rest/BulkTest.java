package dev.entrepot.catalog.rest;

import static dev.entrepot.catalog.rest.CatalogApi.as;
import static dev.entrepot.catalog.rest.CatalogApi.create;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@RealInfrastructure(database = "catalog")
class BulkTest {

    private final String org = CatalogApi.newOrganization();

    @Test
    void aThousandRecordsAreCreatedInOneRequest() {
        List<Map<String, Object>> items = IntStream.range(0, 1000)
                .mapToObj(i -> Map.<String, Object>of("sku", "BULK-" + i, "name_en", "Item " + i)).toList();
        as(org).body(Map.of("data", items)).post("/api/v1/products").then().statusCode(201)
                .body("count", equalTo(1000)).body("data[999].sku", equalTo("BULK-999"));
        as(org).get("/api/v1/products").then().body("total_count", equalTo(1000));
        List<String> ten = as(org).queryParam("limit", 10).get("/api/v1/products").then().extract().path("data.id");
        as(org).body(Map.of("data", ten)).delete("/api/v1/products").then().statusCode(204);
        as(org).get("/api/v1/products").then().body("total_count", equalTo(990)).body("has_next", equalTo(true));
        as(org).queryParam("name_en[like]", "Item%").get("/api/v1/products").then().body("total_count", equalTo(990));
    }

    @Test
    void moreThanAThousandOrNoneIsRefused() {
        List<Map<String, Object>> items = IntStream.range(0, 1001)
                .mapToObj(i -> Map.<String, Object>of("name_en", "Item " + i)).toList();
        as(org).body(Map.of("data", items)).post("/api/v1/products").then().statusCode(422)
                .body("errors[0].field", equalTo("data"));
        as(org).body(Map.of("data", List.of())).post("/api/v1/products").then().statusCode(422);
        as(org).get("/api/v1/products").then().body("total_count", equalTo(0));
    }

    @Test
    void oneBadItemRefusesTheWholeRequestAndNamesEachByIndex() {
        create(org, "products", Map.of("sku", "TAKEN", "name_en", "Existing"));
        List<Map<String, Object>> items = List.of(
                Map.of("sku", "OK-1", "name_en", "Fine"),
                Map.of("sku", "OK-2"),
                Map.of("sku", "OK-3", "name_en", "Fine", "price", -1),
                Map.of("sku", "TAKEN", "name_en", "Duplicate of a stored one"));
        as(org).body(Map.of("data", items)).post("/api/v1/products").then().statusCode(422)
                .body("error_code", equalTo("validation_failed"))
                .body("errors.index", contains(1, 2));
        as(org).body(Map.of("data", List.of(Map.of("sku", "D", "name_en", "a"), Map.of("sku", "D", "name_en", "b"),
                Map.of("sku", "TAKEN", "name_en", "c")))).post("/api/v1/products").then().statusCode(409)
                .body("errors.index", contains(1, 2)).body("errors.field", contains("sku", "sku"));
        as(org).get("/api/v1/products").then().body("total_count", equalTo(1));
    }

    @Test
    void bulkReplaceAndDeleteAreAllOrNothing() {
        String a = create(org, "products", Map.of("sku", "R-A", "name_en", "A"));
        String b = create(org, "products", Map.of("sku", "R-B", "name_en", "B"));
        as(org).body(Map.of("data", List.of(Map.of("id", a, "name_en", "A2", "sku", "R-A"), Map.of("id", b, "name_en", "B2"))))
                .put("/api/v1/products").then().statusCode(200).body("data.name_en", contains("A2", "B2"))
                .body("data[1].sku", equalTo(null));
        as(org).body(Map.of("data", List.of(Map.of("id", a, "name_en", "A3"), Map.of("id", b, "name_en", "")))).put("/api/v1/products")
                .then().statusCode(422).body("errors[0].index", equalTo(1));
        as(org).get("/api/v1/products/" + a).then().body("data.name_en", equalTo("A2"));

        String missing = "zzzzzzzzzzzzzzz";
        as(org).body(Map.of("data", List.of(Map.of("id", a), Map.of("id", missing)))).delete("/api/v1/products")
                .then().statusCode(404).body("errors[0].index", equalTo(1));
        as(org).get("/api/v1/products/" + a).then().statusCode(200);
        as(org).body(Map.of("data", List.of(a, b))).delete("/api/v1/products").then().statusCode(204);
        as(org).get("/api/v1/products").then().body("total_count", equalTo(0));
    }

    @Test
    void aBulkPatchChangesOnlyTheFieldsEachItemSendsAllOrNothing() {
        String a = create(org, "products", Map.of("sku", "P-A", "name_en", "A", "price", 5));
        String b = create(org, "products", Map.of("sku", "P-B", "name_en", "B", "price", 7));
        as(org).body(Map.of("data", List.of(Map.of("id", a, "name_en", "A2"), Map.of("id", b, "price", 8))))
                .patch("/api/v1/products").then().statusCode(200).body("data.name_en", contains("A2", "B"))
                .body("data.sku", contains("P-A", "P-B")).body("data.price", contains(5, 8));
        as(org).body(Map.of("data", List.of(Map.of("id", a, "name_en", "A3"), Map.of("id", b, "sku", "P-A"))))
                .patch("/api/v1/products").then().statusCode(409).body("errors[0].index", equalTo(1));
        as(org).body(Map.of("data", List.of(Map.of("name_en", "no id")))).patch("/api/v1/products")
                .then().statusCode(422).body("errors[0].field", equalTo("id"));
        as(org).get("/api/v1/products/" + a).then().body("data.name_en", equalTo("A2"));
    }

    @Test
    void bulkBodiesMayReachTenMebibytesButNoMore() {
        String description = "d".repeat(9_000);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(Map.of("name_en", "Large " + i, "description_en", description));
        }
        as(org).body(Map.of("data", items)).post("/api/v1/products").then().statusCode(201).body("count", equalTo(1000));
        String huge = "d".repeat(11_000);
        List<Map<String, Object>> tooMany = items.stream().map(item -> Map.<String, Object>of("name_en", "x", "description_en", huge)).toList();
        as(org).body(Map.of("data", tooMany)).post("/api/v1/products").then().statusCode(413)
                .body("error_code", equalTo("payload_too_large"));
        as(org).queryParam("search", "large").get("/api/v1/products").then().body("total_count", equalTo(1000));
        as(org).get("/api/v1/products").then().body("data.name_en", everyItem(startsWith("Large")));
    }

    @Test
    void categoriesFormATreeWithoutCycles() {
        String root = create(org, "categories", Map.of("name_en", "Root"));
        String child = create(org, "categories", Map.of("name_en", "Child", "parent_id", root));
        String grandchild = create(org, "categories", Map.of("name_en", "Grandchild", "parent_id", child));
        as(org).body(Map.of("parent_id", grandchild)).patch("/api/v1/categories/" + root).then().statusCode(422)
                .body("errors[0].field", equalTo("parent_id"));
        as(org).body(Map.of("parent_id", root)).patch("/api/v1/categories/" + root).then().statusCode(422);
        as(org).body(Map.of("data", List.of(Map.of("id", root, "name_en", "Root", "parent_id", child))))
                .put("/api/v1/categories").then().statusCode(422).body("errors[0].index", equalTo(0));
        as(org).queryParam("depth", 3).get("/api/v1/categories/" + grandchild).then()
                .body("data.parent.name_en", equalTo("Child")).body("data.parent.parent.name_en", equalTo("Root"));
        as(org).queryParam("parent_id", root).get("/api/v1/categories").then().body("data.name_en", containsInAnyOrder("Child"));
        as(org).delete("/api/v1/categories/" + child).then().statusCode(409);
        as(org).body(Map.of("data", List.of(grandchild, child))).delete("/api/v1/categories").then().statusCode(204);
    }
}
