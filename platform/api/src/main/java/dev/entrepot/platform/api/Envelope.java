package dev.entrepot.platform.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A response body in the shape of docs/architecture.md#public-api, carrying the fields of both conventions our
 * users' clients speak. {@link #type} tells the CSV and PDF writers which columns a record has.
 */
public record Envelope(ObjectNode body, EntityType type) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static Envelope record(int status, String message, JsonNode data, EntityType type, String endpoint) {
        ObjectNode body = FieldKind.newObject();
        body.set("data", data);
        return new Envelope(finish(body, status, message, endpoint), type);
    }

    public static Envelope list(EntityService.Listing listing, ListQuery query, EntityType type, String endpoint) {
        ObjectNode body = FieldKind.newObject();
        ArrayNode data = body.putArray("data");
        listing.records().forEach(data::add);
        body.put("count", listing.records().size());
        body.put("total_count", listing.totalCount());
        body.put("page", query.page());
        body.put("limit", query.limit());
        body.put("offset", query.offset());
        body.put("has_next", listing.hasNext());
        finish(body, 200, "OK", endpoint);
        ObjectNode pagination = body.putObject("pagination");
        pagination.put("limit", query.limit());
        pagination.put("page", query.page());
        pagination.put("has_more", listing.hasNext());
        return new Envelope(body, type);
    }

    public static Envelope records(int status, String message, List<StoredRecord> records, EntityType type,
            String endpoint) {
        ObjectNode body = FieldKind.newObject();
        ArrayNode data = body.putArray("data");
        records.forEach(record -> data.add(record.json()));
        body.put("count", records.size());
        return new Envelope(finish(body, status, message, endpoint), type);
    }

    public static Envelope error(ApiException error, String endpoint) {
        ObjectNode body = FieldKind.newObject();
        body.put("code", error.status());
        body.put("status", error.status());
        body.put("error", error.getMessage());
        body.put("message", error.getMessage());
        body.put("error_code", error.errorCode());
        ArrayNode errors = MAPPER.valueToTree(error.errors());
        body.set("details", errors.isEmpty() ? FieldKind.newObject().put("message", error.getMessage()) : errors.get(0));
        body.set("errors", errors);
        body.put("endpoint", endpoint);
        return new Envelope(body, null);
    }

    public boolean isError() {
        return body.has("error_code") && !body.get("error_code").isNull();
    }

    private static ObjectNode finish(ObjectNode body, int status, String message, String endpoint) {
        body.putObject("meta");
        body.put("message", message);
        body.put("status", status);
        body.putArray("errors");
        body.putNull("error_code");
        body.put("endpoint", endpoint);
        return body;
    }
}
