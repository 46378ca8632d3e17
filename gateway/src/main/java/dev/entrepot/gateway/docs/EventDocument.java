package dev.entrepot.gateway.docs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The AsyncAPI document the gateway serves: docs/asyncapi.yaml, with the {@code data} of every record
 * event of a generic entity typed by that entity's record schema from the merged OpenAPI document (the
 * record as the REST API shows it, which is what those events carry). docs/asyncapi.yaml says the
 * envelope and the events with a shape of their own; the entity declarations say the records, once.
 */
final class EventDocument {

    /** Where the OpenAPI record schemas go in the AsyncAPI document, so no name meets one of its own. */
    static final String PREFIX = "Api";
    private static final String OPENAPI_REF = "#/components/schemas/";
    private static final String RECORD_EVENT = "#/components/schemas/RecordEvent";

    private EventDocument() {
    }

    /**
     * @param events  docs/asyncapi.yaml
     * @param openApi the merged OpenAPI document
     */
    static ObjectNode typed(JsonNode events, JsonNode openApi) {
        ObjectNode document = events.deepCopy();
        ObjectNode schemas = (ObjectNode) document.path("components").path("schemas");
        JsonNode records = openApi.path("components").path("schemas");
        Set<String> copied = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("components").path("messages").fields(); it.hasNext();) {
            ObjectNode message = (ObjectNode) it.next().getValue();
            String record = recordOf(message.path("name").asText());
            boolean generic = records.has(record) && records.has(record + "List");
            if (!generic || !RECORD_EVENT.equals(message.path("payload").path("$ref").asText())) {
                continue;
            }
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("$ref", OPENAPI_REF + PREFIX + record);
            ObjectNode typed = JsonNodeFactory.instance.objectNode();
            ArrayNode allOf = typed.putArray("allOf");
            allOf.addObject().put("$ref", "#/components/schemas/CloudEvent");
            allOf.addObject().put("type", "object").putObject("properties").set("data", data);
            message.set("payload", typed);
            copy(record, records, schemas, copied);
        }
        return document;
    }

    /** {@code entrepot.catalog.stock-level.updated.v1} → {@code StockLevel}. */
    static String recordOf(String eventType) {
        String[] parts = eventType.split("\\.");
        if (parts.length < 5) {
            return "";
        }
        StringBuilder name = new StringBuilder();
        for (String word : parts[2].split("-")) {
            name.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
        }
        return name.toString();
    }

    /** Copies an OpenAPI schema and every schema it refers to, as JSON Schema (nullable as a null type). */
    private static void copy(String name, JsonNode from, ObjectNode into, Set<String> copied) {
        Deque<String> pending = new ArrayDeque<>(List.of(name));
        while (!pending.isEmpty()) {
            String next = pending.pop();
            if (!copied.add(next)) {
                continue;
            }
            JsonNode schema = from.get(next);
            if (schema == null) {
                throw new IllegalStateException("The OpenAPI document has no schema " + next);
            }
            into.set(PREFIX + next, jsonSchema(schema.deepCopy(), pending));
        }
    }

    private static JsonNode jsonSchema(JsonNode node, Deque<String> referred) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, jsonSchema(node.get(i), referred));
            }
            return node;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode object = (ObjectNode) node;
        JsonNode ref = object.get("$ref");
        if (ref != null && ref.asText().startsWith(OPENAPI_REF)) {
            String target = ref.asText().substring(OPENAPI_REF.length());
            referred.push(target);
            object.set("$ref", TextNode.valueOf(OPENAPI_REF + PREFIX + target));
        }
        if (object.path("nullable").asBoolean(false) && object.path("type").isTextual()) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode().add(object.get("type").asText()).add("null");
            object.set("type", types);
            if (object.has("enum")) {
                ((ArrayNode) object.get("enum")).addNull();
            }
        }
        object.remove("nullable");
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("example") && !field.getKey().equals("default") && !field.getKey().equals("enum")) {
                field.setValue(jsonSchema(field.getValue(), referred));
            }
        }
        return object;
    }
}
