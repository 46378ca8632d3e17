package dev.entrepot.platform.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request body, JSON or XML, as a tree, with its size in bytes. */
public record Body(JsonNode json, long bytes) {

    /** The most a request that writes one record may send. */
    public static final long MAX_SINGLE_BYTES = 1024 * 1024;
    /** The most a bulk request ({@code {"data": [...]}}) may send. */
    public static final long MAX_BULK_BYTES = 10 * 1024 * 1024;
    /**
     * The deepest a body may nest objects and lists (JSON) or elements (XML); the API's own bodies need
     * fewer than 8 levels, and a deeper one is refused (400) before it is turned into a tree.
     */
    public static final int MAX_DEPTH = 32;

    /** {@code body}, refusing a request that sent none (400). */
    public static Body required(Body body) {
        if (body == null || body.json() == null || body.json().isMissingNode()) {
            throw ApiException.badRequest("The request body is empty");
        }
        return body;
    }

    /**
     * The body of an action whose body is optional ({@code POST /orders/{id}/cancel}): an empty object when
     * none was sent, else a JSON or XML object of at most {@link #MAX_SINGLE_BYTES} (413) holding only
     * {@code fields}; anything else is a 422 naming each field the action does not take. An action that
     * takes no body names no fields, and so accepts nothing but an empty body or {@code {}}.
     */
    public static ObjectNode optional(Body body, String... fields) {
        if (body == null || body.json() == null || body.json().isMissingNode()) {
            return FieldKind.newObject();
        }
        JsonNode json = body.single();
        if (!json.isObject() && !(json.isTextual() && json.textValue().isEmpty())) { // an empty XML element is ""
            throw ApiException.validation(null, fields.length == 0 ? "This request takes no body"
                    : "This request takes no body or an object with " + String.join(", ", fields));
        }
        if (!json.isObject()) {
            return FieldKind.newObject();
        }
        List<String> known = List.of(fields);
        List<FieldError> unknown = new ArrayList<>();
        json.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(FieldError.of(name, "Unknown field '" + name + "'; this request takes "
                        + (known.isEmpty() ? "no body" : "only " + String.join(", ", known))));
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiException.validation(unknown);
        }
        return (ObjectNode) json;
    }

    /** The items of a bulk request, or null when this body is one record. */
    public ArrayNode bulkItems() {
        if (json != null && json.isObject() && json.size() == 1 && json.has("data")) {
            JsonNode data = json.get("data");
            if (data.isArray()) {
                return (ArrayNode) data;
            }
            throw ApiException.validation("data", "data must be a list of records");
        }
        return null;
    }

    /** The body as one record, refusing one over {@link #MAX_SINGLE_BYTES}. */
    public JsonNode single() {
        if (bytes > MAX_SINGLE_BYTES) {
            throw tooLarge(MAX_SINGLE_BYTES);
        }
        return json;
    }

    /** The items of a bulk request; anything else is a 422. */
    public ArrayNode requireBulk() {
        ArrayNode items = bulkItems();
        if (items == null) {
            throw ApiException.validation("data", "This request takes {\"data\": [...]} with 1 to "
                    + EntityService.MAX_BULK + " records");
        }
        return items;
    }

    static ApiException tooDeep() {
        return new ApiException(400, "malformed_body", "The body nests objects, lists or elements more than " + MAX_DEPTH
                + " levels deep");
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(413, "payload_too_large", "The request body is larger than " + limit / 1024 / 1024 + " MiB");
    }
}
