package dev.entrepot.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How the public documents are merged and typed: pure logic, on small documents. */
class PublicDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final JsonNode CATALOG = json("""
            {'paths': {
               '/api/v1/brands': {'get': {'operationId': 'listBrands', 'responses': {'200': {'content': {'application/json':
                   {'schema': {'$ref': '#/components/schemas/BrandList'}}}}}}},
               '/internal/v1/secret': {'post': {'operationId': 'secret', 'responses': {'200': {'content': {'application/json':
                   {'schema': {'$ref': '#/components/schemas/Secret'}}}}}}}},
             'components': {'schemas': {
               'Brand': {'type': 'object', 'properties': {'name': {'type': 'string', 'nullable': true}, 'id': {'$ref': '#/components/schemas/Id'}}},
               'BrandList': {'type': 'object', 'properties': {'data': {'type': 'array', 'items': {'$ref': '#/components/schemas/Brand'}}}},
               'Id': {'type': 'string', 'pattern': '^[a-z0-9]{15}$'},
               'Secret': {'type': 'string'}}}}
            """);

    @Test
    void onlyPublicOperationsAndTheComponentsTheyReachAreKept() {
        JsonNode merged = PublicDocument.merge(services(CATALOG, json("{'paths': {}, 'components': {'schemas': {'Id': "
                + "{'type': 'string', 'pattern': '^[a-z0-9]{15}$'}}}}")));
        assertThat(merged.path("paths").has("/api/v1/brands")).isTrue();
        assertThat(merged.path("paths").has("/internal/v1/secret")).isFalse();
        assertThat(merged.path("components").path("schemas").fieldNames()).toIterable().containsExactly("Brand", "BrandList", "Id");
        assertThat(merged.path("servers").get(0).path("url").asText()).isEqualTo("/");
    }

    @Test
    void anOperationOrAComponentDefinedTwiceDifferentlyFailsTheBuild() {
        assertThatThrownBy(() -> PublicDocument.merge(services(CATALOG, json("{'paths': {'/api/v1/brands': {'get': {}}}}"))))
                .hasMessageContaining("GET /api/v1/brands is described by two services");
        assertThatThrownBy(() -> PublicDocument.merge(services(CATALOG, json("{'components': {'schemas': {'Id': {'type': 'integer'}}}}"))))
                .hasMessageContaining("components.schemas.Id differs");
    }

    @Test
    void aGenericEntitysRecordEventsCarryItsRecordSchemaAsJsonSchema() {
        JsonNode openApi = json("""
                {'components': {'schemas': {
                  'Brand': {'type': 'object', 'properties': {'name': {'type': 'string', 'nullable': true}, 'id': {'$ref': '#/components/schemas/Id'}}},
                  'BrandList': {'type': 'object'},
                  'Id': {'type': 'string'}}}}
                """);
        JsonNode events = json("""
                {'components': {'schemas': {'RecordEvent': {'type': 'object'}, 'CloudEvent': {'type': 'object'}},
                  'messages': {
                    'brandCreated': {'name': 'entrepot.catalog.brand.created.v1', 'payload': {'$ref': '#/components/schemas/RecordEvent'}},
                    'keyRevoked': {'name': 'entrepot.identity.api-key.revoked.v1', 'payload': {'$ref': '#/components/schemas/RecordEvent'}}}}}
                """);
        JsonNode typed = EventDocument.typed(events, openApi);
        JsonNode brand = typed.path("components").path("messages").path("brandCreated").path("payload");
        assertThat(brand.path("allOf").get(1).path("properties").path("data").path("$ref").asText())
                .isEqualTo("#/components/schemas/ApiBrand");
        JsonNode name = typed.path("components").path("schemas").path("ApiBrand").path("properties").path("name");
        assertThat(name.path("type")).isEqualTo(json("['string', 'null']"));
        assertThat(name.has("nullable")).isFalse();
        assertThat(typed.path("components").path("schemas").path("ApiBrand").path("properties").path("id").path("$ref").asText())
                .isEqualTo("#/components/schemas/ApiId");
        assertThat(typed.path("components").path("schemas").has("ApiId")).isTrue();
        assertThat(typed.path("components").path("messages").path("keyRevoked").path("payload").path("$ref").asText())
                .as("not a generic entity: its own schema stays").isEqualTo("#/components/schemas/RecordEvent");
    }

    private static Map<String, JsonNode> services(JsonNode... documents) {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        for (int i = 0; i < documents.length; i++) {
            services.put("service-" + i, documents[i]);
        }
        return services;
    }
}
