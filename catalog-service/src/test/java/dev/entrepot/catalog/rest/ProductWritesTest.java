package dev.entrepot.catalog.rest;

import static dev.entrepot.catalog.rest.CatalogApi.as;
import static dev.entrepot.catalog.rest.CatalogApi.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
@RealInfrastructure(database = "catalog")
class ProductWritesTest {

    private final String org = CatalogApi.newOrganization();

    @Test
    void createReturnsTheStoredRecordInTheEnvelope() {
        String brand = create(org, "brands", Map.of("name", "Acme", "slug", "acme"));
        String category = create(org, "categories", Map.of("name_en", "Shoes"));
        ExtractableResponse<Response> created = as(org)
                .body(Map.of("sku", "SKU-1", "name_en", "Runner", "name_ar", "عداء", "price", 199.99, "currency", "SAR",
                        "brand_id", brand, "category_ids", List.of(category), "attributes", Map.of("color", "red"),
                        "images", List.of("https://cdn.example.com/a.png")))
                .post("/api/v1/products")
                .then().statusCode(201)
                .header("ETag", "\"1\"")
                .body("status", equalTo(201))
                .body("message", equalTo("Created"))
                .body("errors.size()", equalTo(0))
                .body("error_code", nullValue())
                .body("meta.size()", equalTo(0))
                .body("endpoint", equalTo("/api/v1/products"))
                .body("data.id", matchesPattern("[a-z0-9]{15}"))
                .body("data.sku", equalTo("SKU-1"))
                .body("data.name_ar", equalTo("عداء"))
                .body("data.price", equalTo(199.99f))
                .body("data.is_enabled", equalTo(true))
                .body("data.category_ids", contains(category))
                .body("data.attributes.color", equalTo("red"))
                .body("data.integrationsData.size()", equalTo(0))
                .body("data.created", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z"))
                .extract();
        String id = created.path("data.id");
        Instant createdAt = Instant.parse(created.path("data.created"));
        assertThat(createdAt).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));

        as(org).get("/api/v1/products/" + id).then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("data.sku", equalTo("SKU-1"))
                .body("data.brand_id", equalTo(brand))
                .body("data", not(hasKey("count")))
                .body("$", not(hasKey("total_count")));
    }

    /** Every kind of field, set or empty, reads the same written, alone, listed and expanded. */
    @Test
    void aRecordReadsTheSameOnEveryPath() {
        String brand = create(org, "brands", Map.of("name", "Same", "slug", "same"));
        String category = create(org, "categories", Map.of("name_en", "Boots"));
        for (Map<String, Object> fields : List.<Map<String, Object>>of(
                Map.of("sku", "SAME-1", "name_en", "Full", "description_en", "Line one\nline \"two\"", "price", "12.5000",
                        "currency", "SAR", "brand_id", brand, "category_ids", List.of(category), "is_enabled", false,
                        "attributes", Map.of("color", "red", "size", "44"), "images", List.of("https://cdn.example.com/b.png")),
                Map.of("name_en", "Sparse"))) {
            Map<String, Object> written = as(org).body(fields).post("/api/v1/products").then().statusCode(201).extract().path("data");
            String id = (String) written.get("id");
            Map<String, Object> alone = as(org).get("/api/v1/products/" + id).then().statusCode(200)
                    .header("ETag", "\"1\"").extract().path("data");
            Map<String, Object> listed = as(org).get("/api/v1/products?id=" + id).then().statusCode(200).extract().path("data[0]");
            Map<String, Object> expanded = new HashMap<>(as(org).get("/api/v1/products/" + id + "?depth=2").then()
                    .statusCode(200).extract().<Map<String, Object>>path("data"));
            expanded.keySet().removeAll(List.of("brand", "categories"));
            assertThat(alone).isEqualTo(written).isEqualTo(listed).isEqualTo(expanded);
        }
    }

    @Test
    void priceIsADecimalNeverAFloat() {
        String body = "{\"name_en\":\"Precise\",\"price\":0.1000,\"currency\":\"SAR\"}";
        String text = as(org).body(body).post("/api/v1/products").then().statusCode(201).extract().asString();
        assertThat(text).contains("\"price\":0.1");
        String sum = as(org).body("{\"name_en\":\"Big\",\"price\":\"123456789012345.1234\"}").post("/api/v1/products")
                .then().statusCode(201).extract().asString();
        assertThat(sum).contains("\"price\":123456789012345.1234");
    }

    @Test
    void validationNamesEveryBadField() {
        as(org).body(Map.of("price", "cheap", "currency", "XXY", "images", List.of("ftp://x"), "colour", "red"))
                .post("/api/v1/products")
                .then().statusCode(422)
                .body("code", equalTo(422))
                .body("status", equalTo(422))
                .body("error", equalTo("Validation failed"))
                .body("message", equalTo("Validation failed"))
                .body("error_code", equalTo("validation_failed"))
                .body("endpoint", equalTo("/api/v1/products"))
                .body("errors.field", containsInAnyOrder("colour", "name_en", "price", "currency", "images"))
                .body("details.field", notNullValue());
        as(org).body(Map.of("name_en", "x", "brand_id", "aaaaaaaaaaaaaaa")).post("/api/v1/products")
                .then().statusCode(422).body("errors[0].field", equalTo("brand_id"))
                .body("errors[0].message", containsString("No brand with id aaaaaaaaaaaaaaa"));
        as(org).body(Map.of("name_en", "x".repeat(501))).post("/api/v1/products")
                .then().statusCode(422).body("errors[0].message", containsString("at most 500"));
    }

    @Test
    void duplicateSkuIsAConflict() {
        create(org, "products", Map.of("sku", "DUP", "name_en", "First"));
        as(org).body(Map.of("sku", "DUP", "name_en", "Second")).post("/api/v1/products")
                .then().statusCode(409).body("error_code", equalTo("duplicate")).body("errors[0].field", equalTo("sku"));
        // the same sku in another organization is fine
        create(CatalogApi.newOrganization(), "products", Map.of("sku", "DUP", "name_en", "Elsewhere"));
    }

    @Test
    void putReplacesPatchChangesOnlySentFieldsAndPostToSingularPatches() {
        String id = create(org, "products", Map.of("sku", "P-1", "name_en", "Old", "barcode", "111",
                "attributes", Map.of("a", "1", "b", "2"), "images", List.of("https://x.example/1.png")));
        as(org).body(Map.of("name_en", "Patched", "attributes", Map.of("c", "3"))).patch("/api/v1/products/" + id)
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("data.name_en", equalTo("Patched"))
                .body("data.barcode", equalTo("111"))
                .body("data.sku", equalTo("P-1"))
                .body("data.attributes", equalTo(Map.of("c", "3")))
                .body("data.images", contains("https://x.example/1.png"));
        as(org).body(Map.of("barcode", "222")).post("/api/v1/products/" + id)
                .then().statusCode(200).body("data.barcode", equalTo("222")).body("data.name_en", equalTo("Patched"));
        as(org).body(Map.of("name_en", "Replaced")).put("/api/v1/products/" + id)
                .then().statusCode(200)
                .body("data.name_en", equalTo("Replaced"))
                .body("data.sku", nullValue())
                .body("data.barcode", nullValue())
                .body("data.attributes.size()", equalTo(0))
                .body("data.images.size()", equalTo(0));
        as(org).body(Map.of("name_en", "")).patch("/api/v1/products/" + id)
                .then().statusCode(422).body("errors[0].field", equalTo("name_en"));
        as(org).body(Map.of("id", "bbbbbbbbbbbbbbb", "name_en", "x")).put("/api/v1/products/" + id)
                .then().statusCode(422).body("errors[0].field", equalTo("id"));
    }

    @Test
    void updatedMovesAndCreatedStays() throws InterruptedException {
        ExtractableResponse<Response> created = as(org).body(Map.of("name_en", "T")).post("/api/v1/products").then().extract();
        Thread.sleep(5);
        String id = created.path("data.id");
        ExtractableResponse<Response> patched = as(org).body(Map.of("name_en", "U")).patch("/api/v1/products/" + id)
                .then().statusCode(200).extract();
        assertThat((String) patched.path("data.created")).isEqualTo(created.path("data.created"));
        assertThat(Instant.parse(patched.path("data.updated"))).isAfter(Instant.parse(created.path("data.updated")));
    }

    @Test
    void ifMatchGuardsConcurrentUpdates() {
        String id = create(org, "products", Map.of("name_en", "Guarded"));
        as(org).header("If-Match", "\"1\"").body(Map.of("name_en", "First writer")).patch("/api/v1/products/" + id)
                .then().statusCode(200).header("ETag", "\"2\"");
        as(org).header("If-Match", "\"1\"").body(Map.of("name_en", "Second writer")).patch("/api/v1/products/" + id)
                .then().statusCode(412).body("error_code", equalTo("precondition_failed"));
        as(org).header("If-Match", "\"1\"").body(Map.of("name_en", "Stale replace")).put("/api/v1/products/" + id)
                .then().statusCode(412);
        as(org).header("If-Match", "\"1\"").delete("/api/v1/products/" + id).then().statusCode(412);
        as(org).get("/api/v1/products/" + id).then().body("data.name_en", equalTo("First writer"));
        as(org).header("If-Match", "\"2\"").delete("/api/v1/products/" + id).then().statusCode(204);
    }

    @Test
    void deleteAnswers204ThenTheRecordIsGone() {
        String id = create(org, "products", Map.of("name_en", "Doomed"));
        as(org).delete("/api/v1/products/" + id).then().statusCode(204);
        as(org).get("/api/v1/products/" + id).then().statusCode(404).body("error_code", equalTo("not_found"));
        as(org).delete("/api/v1/products/" + id).then().statusCode(404);
    }

    @Test
    void aReferencedRecordCannotBeDeleted() {
        String brand = create(org, "brands", Map.of("name", "Kept"));
        String product = create(org, "products", Map.of("name_en", "Uses brand", "brand_id", brand));
        as(org).delete("/api/v1/brands/" + brand).then().statusCode(409).body("error_code", equalTo("referenced"))
                .body("message", containsString(product));
        as(org).get("/api/v1/brands/" + brand).then().statusCode(200);
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswer() {
        String key = "create-" + org;
        ExtractableResponse<Response> first = as(org).header("Idempotency-Key", key)
                .body(Map.of("name_en", "Once", "sku", "ONCE")).post("/api/v1/products").then().statusCode(201).extract();
        ExtractableResponse<Response> again = as(org).header("Idempotency-Key", key)
                .body("{ \"sku\": \"ONCE\", \"name_en\": \"Once\" }").post("/api/v1/products").then().statusCode(201).extract();
        assertThat((String) again.path("data.id")).isEqualTo(first.path("data.id"));
        as(org).queryParam("sku", "ONCE").get("/api/v1/products").then().body("total_count", equalTo(1));
        as(org).header("Idempotency-Key", key).body(Map.of("name_en", "Different")).post("/api/v1/products")
                .then().statusCode(422).body("error_code", equalTo("idempotency_key_reused"));
        // keys belong to one organization: another organization's identical key is a new request
        String other = CatalogApi.newOrganization();
        as(other).header("Idempotency-Key", key).body(Map.of("name_en", "Once", "sku", "ONCE")).post("/api/v1/products")
                .then().statusCode(201).body("data.id", not(equalTo(first.path("data.id"))));
    }

    @Test
    void aFailedRequestDoesNotBurnItsIdempotencyKey() {
        String key = "retry-" + org;
        as(org).header("Idempotency-Key", key).body(Map.of("name_en", "")).post("/api/v1/products").then().statusCode(422);
        as(org).header("Idempotency-Key", key).body(Map.of("name_en", "Fixed")).post("/api/v1/products").then().statusCode(201);
    }

    @Test
    void bodiesOverTheLimitAre413AndMalformedJsonIs400WithItsLocation() {
        String big = "{\"name_en\":\"x\",\"description_en\":\"" + "a".repeat(1024 * 1024) + "\"}";
        as(org).body(big).post("/api/v1/products").then().statusCode(413).body("error_code", equalTo("payload_too_large"));
        as(org).body("{\"name_en\": \"x\",\n  \"sku\": }").post("/api/v1/products")
                .then().statusCode(400).body("error_code", equalTo("malformed_body"))
                .body("message", containsString("line 2, column 10"));
        as(org).body("{\"name_en\":\"a\",\"name_en\":\"b\"}").post("/api/v1/products").then().statusCode(400);
        as(org).body("").post("/api/v1/products").then().statusCode(400);
    }

    @Test
    void readOnlyFieldsAreNotWritable() {
        String id = create(org, "products", Map.of("name_en", "RO", "created", "2000-01-01T00:00:00Z"));
        as(org).get("/api/v1/products/" + id).then().body("data.created", not(equalTo("2000-01-01T00:00:00Z")));
        as(org).body(Map.of("name_en", "x", "created", "2000-01-01T00:00:00Z")).put("/api/v1/products/" + id).then()
                .statusCode(200).body("data.created", not(equalTo("2000-01-01T00:00:00Z")));
    }

    @Test
    void unknownMethodsAndPathsAnswerInTheEnvelope() {
        as(org).body(Map.of()).patch("/api/v1/inventory").then().statusCode(405).body("error_code", equalTo("method_not_allowed"));
        as(org).body(Map.of()).patch("/api/v1/products").then().statusCode(422).body("errors.field", hasItem("data"));
        as(org).get("/api/v1/products/not-an-id").then().statusCode(404).body("error_code", equalTo("not_found"));
        as(org).get("/api/v1/nothing-here").then().statusCode(404).body("error_code", equalTo("not_found"));
    }
}
