package dev.entrepot.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.entrepot.systemtests.Suite.App;
import io.restassured.response.Response;

/**
 * What the gateway serves to describe the API, without a credential: the merged OpenAPI document (JSON and
 * YAML), the AsyncAPI document and Swagger UI; and what every document must be: precise (no empty schema,
 * nothing named Body or JsonNode), complete (every public operation of every running service) and public
 * only (no {@code /internal}, no {@code /q}).
 */
class ApiDocumentIT extends SuiteTest {

    private static final String GATEWAY = App.GATEWAY.baseUri().toString();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch");

    @Test
    void theGatewayServesOneDocumentOfEveryPublicOperationWithoutACredential() throws Exception {
        Response answer = given().baseUri(GATEWAY).get("/openapi.json");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode document = Probe.JSON.readTree(answer.asByteArray());

        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(document.path("servers").get(0).path("url").asText()).isEqualTo("/");
        Set<String> operations = operations(document);
        assertThat(operations).allSatisfy(operation -> assertThat(operation).contains(" /api/v1/"));

        Set<String> served = new TreeSet<>(Set.of("GET /api/v1/health"));
        for (App app : List.of(App.CATALOG, App.ORDERS, App.IDENTITY, App.INTEGRATIONS)) {
            JsonNode own = Probe.JSON.readTree(given().baseUri(app.baseUri().toString()).get("/q/openapi?format=json").asByteArray());
            assertThat(problems(own)).as(app.module + "'s own document").isEmpty();
            operations(own).stream().filter(operation -> operation.contains(" /api/v1/")).forEach(served::add);
        }
        assertThat(operations).as("the gateway's document is the services' public operations, no more, no fewer")
                .containsExactlyInAnyOrderElementsOf(served);
        assertThat(problems(document)).isEmpty();

        // A client that offers HTTP/2 (the JDK's default: an h2c upgrade) gets the same document, in HTTP/1.1.
        // While the gateway accepted the upgrade, about one new connection in thirty misread it (PlainHttpIsHttp1).
        for (int i = 0; i < 40; i++) {
            java.net.http.HttpResponse<byte[]> viaUpgrade = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(GATEWAY + "/openapi.json")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(viaUpgrade.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
            assertThat(Probe.JSON.readTree(viaUpgrade.body())).isEqualTo(document);
        }

        JsonNode yaml = YAML.readTree(given().baseUri(GATEWAY).get("/openapi.yaml").then().statusCode(200)
                .contentType("application/yaml").extract().asByteArray());
        assertThat(yaml).isEqualTo(document);
        System.out.printf("The public OpenAPI document: %d operations, %d schemas, %d bytes of JSON%n", operations.size(),
                document.path("components").path("schemas").size(), answer.asByteArray().length);
    }

    @Test
    void everyOperationIsNamedTaggedSummarisedAndSaysItsRefusals() throws Exception {
        JsonNode document = Probe.JSON.readTree(given().baseUri(GATEWAY).get("/openapi.json").asByteArray());
        Set<String> ids = new HashSet<>();
        boolean defaultSecurity = document.path("security").size() == 4;
        assertThat(defaultSecurity).as("any of the four credential forms by default").isTrue();
        assertThat(document.path("components").path("securitySchemes").size()).isEqualTo(4);
        forEachOperation(document, (name, operation) -> {
            assertThat(ids.add(operation.path("operationId").asText())).as("a unique operationId: " + name).isTrue();
            assertThat(operation.path("operationId").asText()).as(name).matches("[a-z][A-Za-z]+");
            assertThat(operation.path("tags").size()).as(name).isEqualTo(1);
            assertThat(operation.path("summary").asText()).as(name).isNotBlank();
            JsonNode responses = operation.path("responses");
            boolean open = operation.has("security") && operation.path("security").isEmpty();
            assertThat(responses.has("400")).as(name + " says 400").isTrue();
            if (!open) {
                assertThat(responses.has("401")).as(name + " says 401").isTrue();
                assertThat(responses.has("429")).as(name + " says 429").isTrue();
            }
        });
        assertThat(ids).contains("listProducts", "createProduct", "getProduct", "patchProduct", "cancelOrder", "signUp", "logIn");
        JsonNode login = document.path("paths").path("/api/v1/auth/login").path("post");
        assertThat(login.path("security").isArray() && login.path("security").isEmpty()).as("login takes no credential").isTrue();
        JsonNode list = document.path("paths").path("/api/v1/products").path("get");
        List<String> parameters = new ArrayList<>();
        list.path("parameters").forEach(parameter -> parameters.add(parameter.path("name").asText()));
        assertThat(parameters).contains("page", "limit", "offset", "sort", "search", "depth", "elevation", "mode",
                "for_department_id", "sku", "sku[like]", "price[gte]", "brand_id[in]", "created[lt]");
        assertThat(list.path("responses").path("200").path("content").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("application/json", "application/xml", "text/csv", "application/pdf");
        JsonNode price = document.path("components").path("schemas").path("Product").path("properties").path("price");
        assertThat(price.path("type").asText()).isEqualTo("number");
        assertThat(price.path("format").asText()).isEqualTo("decimal");
    }

    @Test
    void theEventsDocumentAndSwaggerUiAreServedToo() throws Exception {
        JsonNode events = YAML.readTree(given().baseUri(GATEWAY).get("/asyncapi.yaml").then().statusCode(200)
                .extract().asByteArray());
        assertThat(events.path("asyncapi").asText()).startsWith("3.");
        assertThat(events.path("components").path("messages").size()).isGreaterThan(30);

        Response page = given().baseUri(GATEWAY).get("/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(page.asString()).contains("<script src=\"/docs/ui/swagger-ui-bundle.js\"></script>")
                .doesNotContainPattern("<script>[^<]");
        assertThat(given().baseUri(GATEWAY).get("/docs/init.js").then().statusCode(200).extract().asString())
                .contains("\"/openapi.json\"");
        for (String asset : List.of("/docs/ui/swagger-ui-bundle.js", "/docs/ui/swagger-ui.css")) {
            Response file = given().baseUri(GATEWAY).get(asset);
            assertThat(file.statusCode()).as(asset).isEqualTo(200);
            assertThat(file.asByteArray().length).as(asset).isGreaterThan(10_000);
        }
    }

    // --- reading a document -------------------------------------------------------------------------

    private static Set<String> operations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        forEachOperation(document, (name, operation) -> operations.add(name));
        return operations;
    }

    private static void forEachOperation(JsonNode document, java.util.function.BiConsumer<String, JsonNode> action) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> operation = ops.next();
                if (METHODS.contains(operation.getKey())) {
                    action.accept(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), operation.getValue());
                }
            }
        }
    }

    /**
     * Every schema that says nothing ({@code {}}, or only a description), and every schema named or
     * referring to Body or JsonNode: what a client cannot be generated from.
     */
    static List<String> problems(JsonNode document) {
        List<String> problems = new ArrayList<>();
        document.path("components").path("schemas").fieldNames().forEachRemaining(name -> {
            if (name.equals("Body") || name.equals("JsonNode")) {
                problems.add("components.schemas." + name);
            }
        });
        walk(document.path("paths"), "paths", false, problems);
        walk(document.path("components"), "components", false, problems);
        return problems;
    }

    private static void walk(JsonNode node, String at, boolean isSchema, List<String> problems) {
        if (isSchema) {
            schema(node, at, problems);
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                if (key.equals("schema")) {
                    walk(field.getValue(), at + ".schema", true, problems);
                } else if (key.equals("schemas") && at.equals("components")) {
                    field.getValue().fields().forEachRemaining(named -> walk(named.getValue(), at + ".schemas." + named.getKey(), true, problems));
                } else if (!key.equals("example") && !key.equals("examples")) {
                    walk(field.getValue(), at + "." + key, false, problems);
                }
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode element : node) {
                walk(element, at + "[" + i++ + "]", false, problems);
            }
        }
    }

    private static void schema(JsonNode schema, String at, List<String> problems) {
        if (!schema.isObject()) {
            return;
        }
        String ref = schema.path("$ref").asText("");
        if (ref.endsWith("/Body") || ref.endsWith("/JsonNode")) {
            problems.add(at + ": " + ref);
        }
        if (!(schema.has("$ref") || schema.has("type") || schema.has("allOf") || schema.has("oneOf") || schema.has("anyOf")
                || schema.has("properties") || schema.has("enum"))) {
            problems.add(at + ": a schema that says nothing: " + schema);
        }
        schema.path("properties").fields().forEachRemaining(property -> schema(property.getValue(), at + "." + property.getKey(), problems));
        for (String child : List.of("items", "not", "additionalProperties")) {
            if (schema.path(child).isObject()) {
                schema(schema.get(child), at + "." + child, problems);
            }
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            int i = 0;
            for (JsonNode part : schema.path(combinator)) {
                schema(part, at + "." + combinator + "[" + i++ + "]", problems);
            }
        }
    }
}
