package dev.entrepot.integrations.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Checks;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract;

/**
 * A write to integration data: per integration, the keys to set (a value) or delete ({@code null}); keys
 * not named stay as they are. Parsed from {@code {"<integration>": {"<key>": "<value>" | null}}} and
 * checked against the limits of {@link IntegrationDataContract}, counted in UTF-8 bytes: a key of at most
 * {@value IntegrationDataContract#MAX_KEY_BYTES} bytes, a value of at most
 * {@value IntegrationDataContract#MAX_VALUE_BYTES}, and at most {@value IntegrationDataContract#MAX_KEYS}
 * keys per record and integration once the patch is applied; no name or value may hold what cannot be
 * text ({@link Checks#textProblem}: NUL, an unpaired surrogate). Every problem is named
 * by its path, {@code integrationsData.<integration>.<key>}.
 */
public final class DataPatch {

    private static final int MAX_KEYS = IntegrationDataContract.MAX_KEYS;
    private static final int MAX_KEY_BYTES = IntegrationDataContract.MAX_KEY_BYTES;
    private static final int MAX_VALUE_BYTES = IntegrationDataContract.MAX_VALUE_BYTES;
    /** An integration's name in identity-service is at most 40 characters. */
    public static final int MAX_INTEGRATION_LENGTH = 40;
    public static final String FIELD = "integrationsData";

    /** integration → key → new value, null to delete; integrations in name order (the order rows are locked). */
    private final Map<String, Map<String, String>> changes;

    private DataPatch(Map<String, Map<String, String>> changes) {
        this.changes = changes;
    }

    /** The patch in {@code body}, or a 422 naming every key that breaks a rule. */
    public static DataPatch parse(JsonNode body) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw ApiException.validation(FIELD, "Send {\"<integration>\": {\"<key>\": \"<value>\" or null}}");
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, Map<String, String>> changes = new TreeMap<>();
        for (Map.Entry<String, JsonNode> namespace : body.properties()) {
            String integration = namespace.getKey();
            String path = FIELD + "." + integration;
            if (Checks.textProblem(integration) != null) {
                errors.add(FieldError.of(Checks.printable(path), Checks.printable(path) + " " + Checks.textProblem(integration)));
                continue;
            }
            if (integration.isBlank() || integration.length() > MAX_INTEGRATION_LENGTH) {
                errors.add(FieldError.of(path, "An integration name has 1 to " + MAX_INTEGRATION_LENGTH + " characters"));
                continue;
            }
            if (!namespace.getValue().isObject()) {
                errors.add(FieldError.of(path, "The data of integration " + integration + " must be an object of keys"));
                continue;
            }
            Map<String, String> keys = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : namespace.getValue().properties()) {
                String key = entry.getKey();
                JsonNode value = entry.getValue();
                String keyPath = path + "." + key;
                int keyBytes = utf8Bytes(key);
                String textProblem = Checks.textProblem(keyPath) != null ? Checks.textProblem(keyPath)
                        : value.isTextual() ? Checks.textProblem(value.textValue()) : null;
                if (textProblem != null) {
                    errors.add(FieldError.of(Checks.printable(keyPath), Checks.printable(keyPath) + " " + textProblem));
                } else if (keyBytes == 0 || keyBytes > MAX_KEY_BYTES) {
                    errors.add(FieldError.of(keyPath, "A key has 1 to " + MAX_KEY_BYTES + " bytes (UTF-8); this one has "
                            + keyBytes));
                } else if (!value.isNull() && !value.isTextual()) {
                    errors.add(FieldError.of(keyPath, "A value is a string, or null to delete the key"));
                } else if (value.isTextual() && utf8Bytes(value.textValue()) > MAX_VALUE_BYTES) {
                    errors.add(FieldError.of(keyPath, "A value has at most " + MAX_VALUE_BYTES
                            + " bytes (UTF-8); this one has " + utf8Bytes(value.textValue())));
                } else {
                    keys.put(key, value.isNull() ? null : value.textValue());
                }
            }
            changes.put(integration, keys);
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new DataPatch(Collections.unmodifiableMap(changes));
    }

    /** The integrations this patch writes, in name order. */
    public List<String> integrations() {
        return List.copyOf(changes.keySet());
    }

    /**
     * {@code current} with this patch's changes for {@code integration} applied; errors are added when the
     * result would hold more than {@value IntegrationDataContract#MAX_KEYS} keys, naming each key beyond the limit.
     */
    public Map<String, String> applyTo(String integration, Map<String, String> current, List<FieldError> errors) {
        Map<String, String> result = new TreeMap<>(current);
        List<String> added = new ArrayList<>();
        changes.getOrDefault(integration, Map.of()).forEach((key, value) -> {
            if (value == null) {
                result.remove(key);
            } else if (result.put(key, value) == null) {
                added.add(key);
            }
        });
        int excess = result.size() - MAX_KEYS;
        for (int i = Math.max(0, added.size() - excess); excess > 0 && i < added.size(); i++) {
            errors.add(FieldError.of(FIELD + "." + integration + "." + added.get(i), "Integration " + integration
                    + " may keep at most " + MAX_KEYS + " keys on a record; this key would be number "
                    + (result.size() - added.size() + i + 1)));
        }
        return result;
    }

    private static int utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
