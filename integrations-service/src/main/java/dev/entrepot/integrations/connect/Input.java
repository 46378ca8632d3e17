package dev.entrepot.integrations.connect;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.platform.api.FieldError;

/**
 * Checks shared by the bodies integrations-service reads itself (a connector file, a configuration, a
 * connection): every problem one {@link FieldError} naming the field by its path, as the generic API does.
 */
public final class Input {

    private Input() {
    }

    /**
     * Adds an error for each field of {@code node} not in {@code known} ("Unknown field 'auth.x' for
     * connector"), and one when {@code node} is there but not an object; {@code path} is the node's own path
     * ({@code ""} for the body itself, else e.g. {@code "auth"}).
     */
    public static void unknownFields(JsonNode node, String path, Set<String> known, String what, List<FieldError> errors) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            errors.add(FieldError.of(path.isEmpty() ? null : path, (path.isEmpty() ? "The " + what : path) + " must be an object"));
            return;
        }
        node.properties().forEach(property -> {
            if (!known.contains(property.getKey())) {
                String field = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                errors.add(FieldError.of(field, "Unknown field '" + field + "' for " + what));
            }
        });
    }

    /** Adds an error for each text (or key) under {@code node} holding a NUL character, which PostgreSQL cannot store. */
    public static void noNul(JsonNode node, String path, List<FieldError> errors) {
        if (node == null) {
            return;
        }
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            errors.add(FieldError.of(path.isEmpty() ? null : path, (path.isEmpty() ? "The body" : path) + " must not contain a NUL character"));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String field = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                if (property.getKey().indexOf('\0') >= 0) {
                    errors.add(FieldError.of(path.isEmpty() ? null : path, "A field name must not contain a NUL character"));
                } else {
                    noNul(property.getValue(), field, errors);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                noNul(node.get(i), path + "[" + i + "]", errors);
            }
        }
    }
}
