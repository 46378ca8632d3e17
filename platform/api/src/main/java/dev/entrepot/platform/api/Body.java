package dev.entrepot.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** A request body, JSON or XML, as a tree, with its size in bytes. */
public record Body(JsonNode json, long bytes) {

    /** The most a request that writes one record may send. */
    public static final long MAX_SINGLE_BYTES = 1024 * 1024;
    /** The most a bulk request ({@code {"data": [...]}}) may send. */
    public static final long MAX_BULK_BYTES = 10 * 1024 * 1024;

    /** {@code body}, refusing a request that sent none (400). */
    public static Body required(Body body) {
        if (body == null || body.json() == null || body.json().isMissingNode()) {
            throw ApiException.badRequest("The request body is empty");
        }
        return body;
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

    static ApiException tooLarge(long limit) {
        return new ApiException(413, "payload_too_large", "The request body is larger than " + limit / 1024 / 1024 + " MiB");
    }
}
