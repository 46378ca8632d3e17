package dev.entrepot.platform.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A record as read from its table: the JSON the API shows, and the version its ETag is made of. */
public record StoredRecord(ObjectNode json, long version) {

    public String id() {
        return json.path(EntityType.ID).asText();
    }

    public String etag() {
        return "\"" + version + "\"";
    }
}
