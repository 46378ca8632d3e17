package dev.entrepot.identity.accounts;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.api.FieldKind;

/** Timestamps in identity's own answers look like the generic API's: RFC 3339, UTC, milliseconds. */
public final class Times {

    private Times() {
    }

    public static void put(ObjectNode json, String field, OffsetDateTime value) {
        if (value == null) {
            json.putNull(field);
        } else {
            json.put(field, FieldKind.format(value.toInstant()));
        }
    }
}
