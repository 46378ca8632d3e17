package dev.entrepot.platform.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a written record (JSON or XML, already a tree) into the values of an entity's writable fields,
 * collecting one {@link FieldError} per problem instead of stopping at the first.
 */
public final class RecordInput {

    private static final String INTEGRATIONS_DATA_WRITTEN_BY_PATCH = "This request does not write integrationsData: "
            + "PATCH (or POST) /{id} writes it once the record exists";

    private RecordInput() {
    }

    /**
     * The values of a request a service handles itself (an inventory adjustment, an order) whose writable
     * fields {@code type} declares; refused whole (422, one error per problem) if anything is wrong.
     */
    public static Map<String, Object> valid(EntityType type, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> values = values(type, body, null, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return values;
    }

    /**
     * @param base the current record for a PATCH (sent fields replace its fields), or null for a create
     *             or a replace (fields not sent take their defaults)
     */
    static Map<String, Object> values(EntityType type, JsonNode body, ObjectNode base, List<FieldError> errors) {
        if (body == null || !body.isObject()) {
            errors.add(FieldError.of(null, "The " + type.singular() + " must be an object"));
            return Map.of();
        }
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            type.field(property.getKey()).ifPresentOrElse(field -> {
                if (field.name().equals(EntityType.INTEGRATIONS_DATA) && !property.getValue().isNull()
                        && !isEmptyObject(property.getValue())) {
                    errors.add(FieldError.of(field.name(), INTEGRATIONS_DATA_WRITTEN_BY_PATCH));
                }
            }, () -> errors.add(FieldError.of(property.getKey(), property.getKey().startsWith(EntityType.INTEGRATIONS_DATA + ".")
                    ? INTEGRATIONS_DATA_WRITTEN_BY_PATCH : "Unknown field '" + property.getKey() + "' for " + type.name())));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : type.writableFields()) {
            JsonNode node = body.has(field.name()) ? body.get(field.name()) : base == null ? null : base.get(field.name());
            try {
                values.put(field.name(), field.parse(node));
            } catch (InvalidValue e) {
                errors.add(FieldError.of(field.name(), field.name() + " " + e.getMessage()));
            }
        }
        return values;
    }

    private static boolean isEmptyObject(JsonNode node) {
        return node.isObject() && node.isEmpty() || node.isTextual() && node.textValue().isEmpty();
    }
}
