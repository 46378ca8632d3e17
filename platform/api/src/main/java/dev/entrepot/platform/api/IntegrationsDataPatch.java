package dev.entrepot.platform.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The integration data in the body of a record's write (docs/architecture.md#integration-data), in any of its forms, taken
 * apart from the record's own fields:
 * <ul>
 * <li>nested: {@code "integrationsData": {"erp": {"external_id": "A-17", "old_id": null}}};</li>
 * <li>dotted: {@code "integrationsData.erp.external_id": "A-17"} (the key is everything after the
 * integration, dots included), or {@code "integrationsData.erp": {"external_id": "A-17"}}.</li>
 * </ul>
 * The forms may be mixed; one key sent twice with different values is refused, and so is a name or
 * value that cannot be text ({@link Checks#textProblem}), before anything is forwarded. Limits and who
 * may write which namespace are integrations-service's to check.
 */
public final class IntegrationsDataPatch {

    private static final String DOTTED = EntityType.INTEGRATIONS_DATA + ".";

    private IntegrationsDataPatch() {
    }

    /**
     * @param fields the body without its integration data
     * @param data   {@code {"<integration>": {"<key>": value or null}}}, or null when the body has none
     */
    public record Split(JsonNode fields, ObjectNode data) {
    }

    public static Split split(JsonNode body) {
        if (body == null || !body.isObject()) {
            return new Split(body, null);
        }
        ObjectNode fields = FieldKind.newObject();
        ObjectNode data = FieldKind.newObject();
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            String name = property.getKey();
            JsonNode value = property.getValue();
            if (name.equals(EntityType.INTEGRATIONS_DATA)) {
                if (value.isNull() || value.isTextual() && value.textValue().isEmpty()) { // none; in XML, <integrationsData/>
                    continue;
                }
                if (!value.isObject()) {
                    errors.add(FieldError.of(name, "integrationsData is an object: {\"<integration>\": {\"<key>\": \"<value>\"}}"));
                    continue;
                }
                value.properties().forEach(namespace -> addNamespace(data, namespace.getKey(), namespace.getValue(),
                        name + "." + namespace.getKey(), errors));
            } else if (name.startsWith(DOTTED)) {
                String path = name.substring(DOTTED.length());
                int dot = path.indexOf('.');
                if (dot < 0) {
                    addNamespace(data, path, value, name, errors);
                } else {
                    addKey(data, path.substring(0, dot), path.substring(dot + 1), value, name, errors);
                }
            } else {
                fields.set(name, value);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new Split(fields, data.isEmpty() ? null : data);
    }

    private static void addNamespace(ObjectNode data, String integration, JsonNode keys, String path, List<FieldError> errors) {
        if (!keys.isObject()) {
            errors.add(FieldError.of(path, "The data of integration '" + integration + "' is an object of keys"));
            return;
        }
        keys.properties().forEach(key -> addKey(data, integration, key.getKey(), key.getValue(), path + "." + key.getKey(),
                errors));
    }

    private static void addKey(ObjectNode data, String integration, String key, JsonNode value, String path,
            List<FieldError> errors) {
        if (integration.isEmpty() || key.isEmpty()) {
            errors.add(FieldError.of(path, "Name integration data as integrationsData.<integration>.<key>"));
            return;
        }
        String problem = Checks.textProblem(path) != null ? Checks.textProblem(path)
                : value.isTextual() ? Checks.textProblem(value.textValue()) : null;
        if (problem != null) {
            errors.add(FieldError.of(Checks.printable(path), Checks.printable(path) + " " + problem));
            return;
        }
        ObjectNode namespace = data.has(integration) ? (ObjectNode) data.get(integration) : data.putObject(integration);
        JsonNode earlier = namespace.get(key);
        if (earlier != null && !earlier.equals(value)) {
            errors.add(FieldError.of(path, "Key '" + key + "' of integration '" + integration + "' is sent twice with different values"));
            return;
        }
        namespace.set(key, value);
    }
}
