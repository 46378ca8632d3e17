package dev.entrepot.orders.placement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.testing.IntegrationsStub;
import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.KafkaEvents;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Orders against a real PostgreSQL and Kafka (prices from {@link CatalogStub}, an HTTP server in the
 * catalog's place): placing, every refusal, each lifecycle step and the saga's outcomes from Kafka.
 */
@QuarkusTest
@RealInfrastructure(database = "orders")
@QuarkusTestResource(CatalogStub.class)
@QuarkusTestResource(IntegrationsStub.class)
class OrdersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.incoming.\"catalog.inventory\".group.id")
    String group;

    private final String org = "org-" + UUID.randomUUID();
    private final String kettle = Ids.next();
    private final String mug = Ids.next();
    private KafkaEvents kafka;

    @BeforeEach
    void products() {
        kafka = KafkaEvents.connect(bootstrapServers);
        KafkaEvents.awaitAssigned(bootstrapServers, group, "catalog.inventory");
        CatalogStub.product(kettle, "KET-1", "120.50", "SAR", true);
        CatalogStub.product(mug, "MUG-1", "15", "SAR", true);
    }

    @AfterEach
    void close() {
        kafka.close();
        CatalogStub.failing(false);
    }

    @Test
    void anOrderIsPlacedPendingWithCatalogPricesAndItsEventPublished() {
        String token = InternalTokens.bearer(org);
        String id = given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("currency", "SAR", "source", "web", "shipping", "10", "discount", 5.5, "notes", "gift wrap",
                        "lines", List.of(Map.of("product_id", kettle, "quantity", 2), Map.of("product_id", mug, "quantity", 1))))
                .post("/api/v1/orders").then().statusCode(201)
                .body("data.status", equalTo("pending"))
                .body("data.number", matchesPattern("ORD-[0-9]{6,}"))
                .body("data.source", equalTo("web"))
                .body("data.lines[0].sku", equalTo("KET-1"))
                .body("data.lines[0].unit_price", equalTo(120.5f))
                .body("data.lines[0].total", equalTo(241.0f))
                .body("data.quantity", equalTo(3))
                .body("data.subtotal", equalTo(256))
                .body("data.total", equalTo(260.5f))
                .extract().path("data.id");
        String first = as(org).get("/api/v1/orders/" + id).then().extract().path("data.number");
        assertThat(CatalogStub.authorizationFor(kettle)).as("the caller's token goes to the catalog").isEqualTo(token);
        String second = place(Map.of("currency", "SAR", "lines", List.of(Map.of("product_id", mug, "quantity", 1))))
                .then().statusCode(201).body("data.source", equalTo("api")).extract().path("data.number");
        assertThat(second).as("numbers increase").isGreaterThan(first);

        JsonNode placed = kafka.about("orders.orders", id, 1).get(0);
        assertThat(placed.path("type").asText()).isEqualTo("entrepot.orders.order.placed.v1");
        assertThat(placed.path("data").path("lines").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(placed.path("orgid").asText()).isEqualTo(org);
    }

    @Test
    void everyBadOrderIsRefusedNamingTheFieldAndNothingIsPlaced() {
        CatalogStub.product("disabled0000001", "OFF", "1", "SAR", false);
        CatalogStub.product("unpriced0000001", "FREE", null, "SAR", true);
        CatalogStub.product("dollars00000001", "USD", "3", "USD", true);
        String blocked = as(org).body(Map.of("name", "Blocked", "status", "blocked")).post("/api/v1/customers")
                .then().statusCode(201).extract().path("data.id");

        place(Map.of("currency", "SAR")).then().statusCode(422).body("errors.field", hasItem("lines"));
        place(Map.of("currency", "SAR", "lines", List.of())).then().statusCode(422).body("errors.field", hasItem("lines"));
        place(Map.of("lines", List.of(line(kettle, 1)))).then().statusCode(422).body("errors.field", hasItem("currency"));
        place(Map.of("currency", "XXQ", "lines", List.of(line(kettle, 1)))).then().statusCode(422).body("errors.field", hasItem("currency"));
        place(Map.of("currency", "SAR", "lines", List.of(line(kettle, 0), line(mug, 100_001), Map.of("product_id", mug, "quantity", 1.5))))
                .then().statusCode(422).body("errors.field", hasItems("lines[0].quantity", "lines[1].quantity", "lines[2].quantity"));
        place(Map.of("currency", "SAR", "lines", List.of(Map.of("product_id", kettle, "quantity", 1, "unit_price", 0.01))))
                .then().statusCode(422).body("errors.field", hasItem("lines[0].unit_price"));
        place(Map.of("currency", "SAR", "lines", List.of(line(Ids.next(), 1), line("disabled0000001", 1), line("unpriced0000001", 1),
                line("dollars00000001", 1)))).then().statusCode(422)
                .body("errors.field", equalTo(List.of("lines[0].product_id", "lines[1].product_id", "lines[2].product_id", "lines[3].product_id")))
                .body("errors[3].message", containsString("priced in USD"));
        place(Map.of("currency", "SAR", "customer_id", blocked, "lines", List.of(line(kettle, 1))))
                .then().statusCode(422).body("errors[0].field", equalTo("customer_id")).body("errors[0].message", containsString("blocked"));
        place(Map.of("currency", "SAR", "customer_id", Ids.next(), "lines", List.of(line(kettle, 1))))
                .then().statusCode(422).body("errors[0].field", equalTo("customer_id"));
        place(Map.of("currency", "SAR", "discount", 200, "lines", List.of(line(mug, 1))))
                .then().statusCode(422).body("errors[0].field", equalTo("discount"));
        place(Map.of("currency", "SAR", "status", "delivered", "lines", List.of(line(mug, 1))))
                .then().statusCode(201).body("data.status", equalTo("pending")); // status is the lifecycle's, not the caller's
        place(Map.of("currency", "SAR", "source", "Web Shop!", "lines", List.of(line(mug, 1))))
                .then().statusCode(422).body("errors[0].field", equalTo("source"));

        CatalogStub.failing(true);
        place(Map.of("currency", "SAR", "lines", List.of(line(mug, 1)))).then().statusCode(503)
                .body("error_code", equalTo("service_unavailable")).body("message", containsString("not placed"));

        as(org).get("/api/v1/orders").then().statusCode(200).body("total_count", equalTo(1));
    }

    @Test
    void theLocationIsCheckedAtTheCatalogLikeEveryReference() {
        String here = Ids.next();
        String closed = Ids.next();
        String elsewhere = Ids.next();
        CatalogStub.location(org, here, true);
        CatalogStub.location(org, closed, false);
        CatalogStub.location("org-" + UUID.randomUUID(), elsewhere, true);

        place(Map.of("currency", "SAR", "location_id", here, "lines", List.of(line(mug, 1))))
                .then().statusCode(201).body("data.location_id", equalTo(here));
        for (String refused : List.of(elsewhere, Ids.next(), "!!not-an-id!!", "")) {
            place(Map.of("currency", "SAR", "location_id", refused, "lines", List.of(line(mug, 1))))
                    .then().statusCode(422).body("error_code", equalTo("validation_failed"))
                    .body("errors.field", equalTo(List.of("location_id")))
                    .body("errors[0].message", containsString("No location with id"));
        }
        place(Map.of("currency", "SAR", "location_id", closed, "lines", List.of(line(mug, 1))))
                .then().statusCode(422).body("errors[0].field", equalTo("location_id"))
                .body("errors[0].message", containsString("disabled"));
        // every problem of the order at once: its unknown product and its unknown location
        int before = CatalogStub.calls();
        place(Map.of("currency", "SAR", "location_id", Ids.next(), "lines", List.of(line(Ids.next(), 1), line(mug, 1))))
                .then().statusCode(422).body("errors.field", equalTo(List.of("lines[0].product_id", "location_id")));
        assertThat(CatalogStub.calls() - before).as("one call for the products, one for the location").isEqualTo(2);

        as(org).get("/api/v1/orders").then().statusCode(200).body("total_count", equalTo(1))
                .body("data[0].location_id", equalTo(here));
    }

    @Test
    void aFailedPriceLookupIsTriedAgainButARefusalIsNot() {
        int before = CatalogStub.calls();
        CatalogStub.answerNext(503, 502);
        place(Map.of("currency", "SAR", "lines", List.of(line(mug, 1)))).then().statusCode(201);
        assertThat(CatalogStub.calls() - before).as("two failures, then the answer").isEqualTo(3);

        before = CatalogStub.calls();
        CatalogStub.answerNext(404);
        place(Map.of("currency", "SAR", "lines", List.of(line(mug, 1)))).then().statusCode(503)
                .body("error_code", equalTo("service_unavailable")).body("message", containsString("not placed"));
        assertThat(CatalogStub.calls() - before).as("a 4xx is an answer: asked once").isEqualTo(1);
    }

    @Test
    void aNumberGivenByTheCallerIsKeptAndUniqueInItsOrganization() {
        place(Map.of("currency", "SAR", "number", "SALLA-10023", "source", "salla", "lines", List.of(line(mug, 1))))
                .then().statusCode(201).body("data.number", equalTo("SALLA-10023"));
        place(Map.of("currency", "SAR", "number", "SALLA-10023", "lines", List.of(line(mug, 1))))
                .then().statusCode(409).body("errors[0].field", equalTo("number"));
        given().header("Authorization", InternalTokens.bearer("org-" + UUID.randomUUID())).contentType(ContentType.JSON)
                .body(Map.of("currency", "SAR", "number", "SALLA-10023", "lines", List.of(line(mug, 1))))
                .post("/api/v1/orders").then().statusCode(201);
    }

    @Test
    void aNumberACallerAlreadyGaveIsSkippedByTheNumbering() {
        String first = place(Map.of("currency", "SAR", "lines", List.of(line(mug, 1)))).then().statusCode(201)
                .extract().path("data.number");
        String taken = String.format("ORD-%06d", Long.parseLong(first.substring("ORD-".length())) + 1);
        place(Map.of("currency", "SAR", "number", taken, "lines", List.of(line(mug, 1)))).then().statusCode(201);

        String next = place(Map.of("currency", "SAR", "lines", List.of(line(mug, 1)))).then().statusCode(201)
                .extract().path("data.number");

        assertThat(next).matches("ORD-\\d{6,}").isNotEqualTo(taken);
        assertThat(Long.parseLong(next.substring("ORD-".length()))).isGreaterThan(Long.parseLong(taken.substring("ORD-".length())));
    }

    @Test
    void theCatalogsOutcomeConfirmsOrRejectsAPendingOrderOnce() {
        String confirmed = placed();
        String rejected = placed();
        String reserved = KafkaEvents.cloudEvent("entrepot.catalog.inventory.reserved.v1", confirmed, org,
                MAPPER.createObjectNode().put("order_id", confirmed));
        kafka.send("catalog.inventory", confirmed, reserved);
        kafka.send("catalog.inventory", confirmed, reserved);
        kafka.send("catalog.inventory", rejected, KafkaEvents.cloudEvent("entrepot.catalog.inventory.reservation_rejected.v1",
                rejected, org, MAPPER.createObjectNode().put("order_id", rejected).put("reason", "Not enough stock: line 0")));

        assertThat(kafka.about("orders.orders", confirmed, 2)).extracting(event -> event.path("type").asText())
                .containsExactly("entrepot.orders.order.placed.v1", "entrepot.orders.order.confirmed.v1");
        assertThat(kafka.about("orders.orders", rejected, 2)).extracting(event -> event.path("type").asText())
                .containsExactly("entrepot.orders.order.placed.v1", "entrepot.orders.order.rejected.v1");
        as(org).get("/api/v1/orders/" + confirmed).then().body("data.status", equalTo("confirmed"));
        as(org).get("/api/v1/orders/" + rejected).then().body("data.status", equalTo("rejected"))
                .body("data.reason", equalTo("Not enough stock: line 0"));
    }

    @Test
    void eachStepIsTakenOnlyFromTheStatesItAllows() {
        String order = placed();
        step(order, "fulfil").then().statusCode(409).body("error_code", equalTo("invalid_transition"))
                .body("message", containsString("is pending and cannot be fulfilled"));
        step(order, "deliver").then().statusCode(409).body("message", containsString("only an order that is fulfilled can"));
        confirm(order);
        step(order, "fulfil").then().statusCode(200).body("data.status", equalTo("fulfilled"));
        step(order, "cancel").then().statusCode(409).body("message", containsString("is fulfilled and cannot be cancelled"));
        step(order, "deliver").then().statusCode(200).body("data.status", equalTo("delivered"));
        step(order, "deliver").then().statusCode(409);
        assertThat(kafka.about("orders.orders", order, 4)).extracting(event -> event.path("type").asText()).containsExactly(
                "entrepot.orders.order.placed.v1", "entrepot.orders.order.confirmed.v1", "entrepot.orders.order.fulfilled.v1",
                "entrepot.orders.order.delivered.v1");

        String cancelledPending = placed();
        as(org).body(Map.of("reason", "customer changed their mind")).post("/api/v1/orders/" + cancelledPending + "/cancel")
                .then().statusCode(200).body("data.status", equalTo("cancelled")).body("data.reason", equalTo("customer changed their mind"));
        String reservedLate = KafkaEvents.cloudEvent("entrepot.catalog.inventory.reserved.v1", cancelledPending, org,
                MAPPER.createObjectNode().put("order_id", cancelledPending));
        kafka.send("catalog.inventory", cancelledPending, reservedLate);
        kafka.about("orders.orders", cancelledPending, 2); // placed, cancelled: the late reservation changes nothing
        as(org).get("/api/v1/orders/" + cancelledPending).then().body("data.status", equalTo("cancelled"));

        String cancelledConfirmed = placed();
        confirm(cancelledConfirmed);
        step(cancelledConfirmed, "cancel").then().statusCode(200).body("data.status", equalTo("cancelled"));
        step(cancelledConfirmed, "cancel").then().statusCode(409).body("message", containsString("is cancelled and cannot be cancelled"));
    }

    @Test
    void ordersAreListedWithFiltersAndOnlyTheirIntegrationDataIsEditable() {
        String web = placed();
        String salla = place(Map.of("currency", "SAR", "source", "salla", "lines", List.of(line(kettle, 1))))
                .then().statusCode(201).extract().path("data.id");
        confirm(salla);
        step(salla, "fulfil").then().statusCode(200);
        step(salla, "deliver").then().statusCode(200);

        as(org).get("/api/v1/orders?status=delivered&source=salla").then().statusCode(200)
                .body("total_count", equalTo(1)).body("data[0].id", equalTo(salla));
        as(org).get("/api/v1/orders?status=pending").then().body("data.id", equalTo(List.of(web)));
        as(org).get("/api/v1/orders?total[gte]=100").then().body("data.id", equalTo(List.of(salla)));
        as(org).get("/api/v1/orders?lines=x").then().statusCode(400);
        as(org).body(Map.of("notes", "changed", "integrationsData.shop.id", "S-1")).patch("/api/v1/orders/" + web)
                .then().statusCode(422).body("errors.field", equalTo(List.of("notes")));
        as(org).body(Map.of("integrationsData.shop.id", "S-1")).patch("/api/v1/orders/" + web).then().statusCode(200)
                .body("data.integrationsData.shop.id", equalTo("S-1")).body("data.notes", equalTo(null));
        as(org).get("/api/v1/orders?integrationsData.shop.id=S-1").then().body("data.id", equalTo(List.of(web)));
        as(org).body(Map.of("notes", "changed")).put("/api/v1/orders/" + web).then().statusCode(405);
        as(org).delete("/api/v1/orders/" + web).then().statusCode(405);
        assertThat(as(org).options("/api/v1/orders/" + web).then().statusCode(200).extract().header("Allow").split("\\s*,\\s*"))
                .containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS", "PATCH", "POST");
        String other = "org-" + UUID.randomUUID();
        as(other).get("/api/v1/orders/" + web).then().statusCode(404);
        as(other).post("/api/v1/orders/" + web + "/cancel").then().statusCode(404);
        as(org).get("/api/v1/orders/" + web).then().body("data.status", equalTo("pending"));
    }

    private String placed() {
        return place(Map.of("currency", "SAR", "lines", List.of(line(mug, 2)))).then().statusCode(201).extract().path("data.id");
    }

    /** The catalog's reservation, as it comes over Kafka; waits until the order shows it. */
    private void confirm(String order) {
        kafka.send("catalog.inventory", order, KafkaEvents.cloudEvent("entrepot.catalog.inventory.reserved.v1", order, org,
                MAPPER.createObjectNode().put("order_id", order)));
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"confirmed".equals(as(org).get("/api/v1/orders/" + order).then().extract().path("data.status"))) {
            assertThat(System.currentTimeMillis()).as("order " + order + " confirmed within 30 s").isLessThan(deadline);
            sleep(50);
        }
    }

    private io.restassured.response.Response place(Map<String, ?> order) {
        return as(org).body(order).post("/api/v1/orders");
    }

    private io.restassured.response.Response step(String order, String step) {
        return as(org).post("/api/v1/orders/" + order + "/" + step);
    }

    private static Map<String, Object> line(String product, long quantity) {
        return Map.of("product_id", product, "quantity", quantity);
    }

    private static RequestSpecification as(String organization) {
        return given().header("Authorization", InternalTokens.bearer(organization)).contentType(ContentType.JSON);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
