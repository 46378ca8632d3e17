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

    /** If-Match: {@code *} or a list of ETags, compared strongly (RFC 9110 section 13.1.1); a mismatch is a 412. */
    public void requireMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag())) {
                return;
            }
        }
        throw new ApiException(412, "precondition_failed", "The record changed: If-Match " + ifMatch
                + " does not match its current ETag " + etag());
    }
}
