package dev.entrepot.catalog.rest;

import static dev.entrepot.catalog.rest.CatalogApi.as;
import static dev.entrepot.catalog.rest.CatalogApi.create;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@RealInfrastructure(database = "catalog")
class ProductListTest {

    private final String org = CatalogApi.newOrganization();
    private String acme;
    private String globex;
    private String shoes;
    private String boots;

    @BeforeEach
    void catalog() {
        acme = create(org, "brands", Map.of("name", "Acme"));
        globex = create(org, "brands", Map.of("name", "Globex"));
        shoes = create(org, "categories", Map.of("name_en", "Shoes"));
        boots = create(org, "categories", Map.of("name_en", "Boots", "parent_id", shoes));
        product("A-1", "Red running shoe", "10.50", acme, List.of(shoes), true);
        product("A-2", "Blue running shoe", "20.00", acme, List.of(shoes), true);
        product("A-3", "Hiking boot", "35.25", globex, List.of(shoes, boots), false);
        product("B-1", "Wool sock", "3.00", globex, List.of(), true);
        product("B-2", "=HYPERLINK(\"http://evil\")", "5.00", null, List.of(), true);
    }

    private void product(String sku, String name, String price, String brand, List<String> categories, boolean enabled) {
        Map<String, Object> body = new HashMap<>(Map.of("sku", sku, "name_en", name, "price", price, "currency", "SAR",
                "category_ids", categories, "is_enabled", enabled));
        if (brand != null) {
            body.put("brand_id", brand);
        }
        create(org, "products", body);
    }

    @Test
    void theListEnvelopeCarriesBothPaginationConventions() {
        as(org).queryParam("limit", 2).queryParam("sort", "sku").get("/api/v1/products").then().statusCode(200)
                .body("data.sku", contains("A-1", "A-2"))
                .body("count", equalTo(2))
                .body("total_count", equalTo(5))
                .body("page", equalTo(1))
                .body("limit", equalTo(2))
                .body("has_next", equalTo(true))
                .body("pagination.limit", equalTo(2))
                .body("pagination.page", equalTo(1))
                .body("pagination.has_more", equalTo(true))
                .body("message", equalTo("OK"))
                .body("status", equalTo(200))
                .body("errors.size()", equalTo(0))
                .body("meta.size()", equalTo(0))
                .body("endpoint", equalTo("/api/v1/products"));
        as(org).queryParam("limit", 2).queryParam("page", 3).queryParam("sort", "sku").get("/api/v1/products").then()
                .body("data.sku", contains("B-2")).body("has_next", equalTo(false)).body("total_count", equalTo(5))
                .body("pagination.has_more", equalTo(false)).body("page", equalTo(3));
        as(org).queryParam("limit", 2).queryParam("offset", 1).queryParam("sort", "sku").get("/api/v1/products").then()
                .body("data.sku", contains("A-2", "A-3"));
        as(org).queryParam("page", 9).get("/api/v1/products").then().statusCode(200)
                .body("count", equalTo(0)).body("total_count", equalTo(5));
    }

    @Test
    void theDefaultPageIsTwentyNewestFirstAndLimitsAreEnforced() {
        as(org).get("/api/v1/products").then().body("limit", equalTo(20)).body("data[0].sku", equalTo("B-2"));
        as(org).queryParam("limit", 101).get("/api/v1/products").then().statusCode(400)
                .body("error_code", equalTo("bad_request")).body("errors[0].field", equalTo("limit"));
        as(org).queryParam("limit", 0).get("/api/v1/products").then().statusCode(400);
        as(org).queryParam("page", "two").get("/api/v1/products").then().statusCode(400)
                .body("message", containsString("page"));
        as(org).queryParam("page", 2).queryParam("offset", 5).get("/api/v1/products").then().statusCode(400);
    }

    @Test
    void sortTakesSeveralFieldsAndDescending() {
        as(org).queryParam("sort", "brand_id").get("/api/v1/products").then().statusCode(400);
        as(org).queryParam("sort", "-price,sku").get("/api/v1/products").then()
                .body("data.sku", contains("A-3", "A-2", "A-1", "B-2", "B-1"));
        as(org).queryParam("sort", "is_enabled,-sku").get("/api/v1/products").then()
                .body("data.sku", contains("A-3", "B-2", "B-1", "A-2", "A-1"));
        as(org).queryParam("sort", "colour").get("/api/v1/products").then().statusCode(400)
                .body("message", containsString("colour"));
    }

    @Test
    void filtersWithEveryOperator() {
        assertSkus(Map.of("sku", "A-1"), "A-1");
        assertSkus(Map.of("sku[ne]", "A-1"), "A-2", "A-3", "B-1", "B-2");
        assertSkus(Map.of("price[gt]", "10.5"), "A-2", "A-3");
        assertSkus(Map.of("price[gte]", "10.5"), "A-1", "A-2", "A-3");
        assertSkus(Map.of("price[lt]", "5"), "B-1");
        assertSkus(Map.of("price[lte]", "5"), "B-1", "B-2");
        assertSkus(Map.of("sku[in]", "A-1,B-1,Z-9"), "A-1", "B-1");
        assertSkus(Map.of("name_en[like]", "%RUNNING%"), "A-1", "A-2");
        assertSkus(Map.of("is_enabled", "false"), "A-3");
        assertSkus(Map.of("brand_id", globex), "A-3", "B-1");
        assertSkus(Map.of("brand_id[in]", acme + "," + globex, "price[gt]", "15"), "A-2", "A-3");
        assertSkus(Map.of("category_ids", boots), "A-3");
        assertSkus(Map.of("category_ids[in]", boots + "," + shoes), "A-1", "A-2", "A-3");
        assertSkus(Map.of("category_ids[ne]", shoes), "B-1", "B-2");
        assertSkus(Map.of("created[lte]", "2999-01-01T00:00:00Z", "price[gte]", "20"), "A-2", "A-3");
    }

    @Test
    void anUnknownFieldOrOperatorIsA400NamingIt() {
        as(org).queryParam("colour", "red").get("/api/v1/products").then().statusCode(400)
                .body("errors[0].field", equalTo("colour")).body("message", containsString("colour"));
        as(org).queryParam("price[between]", "1").get("/api/v1/products").then().statusCode(400)
                .body("message", containsString("between"));
        as(org).queryParam("is_enabled[gt]", "true").get("/api/v1/products").then().statusCode(400)
                .body("message", containsString("gt"));
        as(org).queryParam("price", "cheap").get("/api/v1/products").then().statusCode(400)
                .body("message", containsString("decimal"));
        as(org).queryParam("attributes", "x").get("/api/v1/products").then().statusCode(400);
        as(org).queryParam("name_en; DROP TABLE products", "x").get("/api/v1/products").then().statusCode(400);
    }

    @Test
    void searchIsFullTextOverTheTextFieldsWithPrefixes() {
        assertSkus(Map.of("search", "running"), "A-1", "A-2");
        assertSkus(Map.of("search", "run sho"), "A-1", "A-2");
        assertSkus(Map.of("search", "boot"), "A-3");
        assertSkus(Map.of("search", "a-3"), "A-3");
        assertSkus(Map.of("search", "running", "price[gt]", "15"), "A-2");
        assertSkus(Map.of("search", "nothing"));
        as(org).queryParam("search", "!!!").get("/api/v1/products").then().statusCode(400);
        as(org).queryParam("search", "x".repeat(201)).get("/api/v1/products").then().statusCode(400);
    }

    @Test
    void depthExpandsRelationsAndIsBounded() {
        as(org).queryParam("sku", "A-3").get("/api/v1/products").then()
                .body("data[0]", not(hasKey("brand")))
                .body("data[0]", not(hasKey("categories")));
        as(org).queryParam("sku", "A-3").queryParam("depth", 2).get("/api/v1/products").then()
                .body("data[0].brand.name", equalTo("Globex"))
                .body("data[0].categories.name_en", contains("Shoes", "Boots"))
                .body("data[0].categories[1]", not(hasKey("parent")));
        as(org).queryParam("sku", "A-3").queryParam("depth", 3).get("/api/v1/products").then()
                .body("data[0].categories[1].parent.name_en", equalTo("Shoes"));
        as(org).queryParam("depth", 4).get("/api/v1/products").then().statusCode(400)
                .body("errors[0].field", equalTo("depth"));
        String id = as(org).queryParam("sku", "B-2").get("/api/v1/products").then().extract().path("data[0].id");
        as(org).queryParam("depth", 2).get("/api/v1/products/" + id).then().statusCode(200)
                .body("data.brand", equalTo(null)).body("data.categories.size()", equalTo(0));
    }

    @Test
    void theQueryBodyFiltersSortsAndPagesUpToAThousand() {
        as(org).body(Map.of("filter", Map.of("price", Map.of("gte", 5), "sku", Map.of("in", List.of("A-1", "A-2", "B-2", "B-1"))),
                        "sort", List.of("-price"), "limit", 2))
                .post("/api/v1/products/query").then().statusCode(200)
                .body("data.sku", contains("A-2", "A-1")).body("total_count", equalTo(3)).body("has_next", equalTo(true));
        as(org).body(Map.of("filter", Map.of("brand_id", acme), "search", "blue", "depth", 2))
                .post("/api/v1/products/query").then().statusCode(200)
                .body("data.sku", contains("A-2")).body("data[0].brand.name", equalTo("Acme"));
        as(org).body(Map.of("limit", 1000)).post("/api/v1/products/query").then().statusCode(200).body("limit", equalTo(1000));
        as(org).body(Map.of("limit", 1001)).post("/api/v1/products/query").then().statusCode(400);
        as(org).body(Map.of("filter", Map.of("colour", "red"))).post("/api/v1/products/query").then().statusCode(400)
                .body("errors[0].field", equalTo("colour"));
        as(org).body(Map.of("filters", Map.of())).post("/api/v1/products/query").then().statusCode(400)
                .body("errors[0].field", equalTo("filters"));
    }

    private void assertSkus(Map<String, String> parameters, String... skus) {
        as(org).queryParams(parameters).queryParam("limit", 100).get("/api/v1/products").then().statusCode(200)
                .body("data.sku", containsInAnyOrder((Object[]) skus))
                .body("total_count", equalTo(skus.length));
    }
}
