package dev.entrepot.platform.api;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The values a service writes to a record of one {@link EntityType} with {@link RecordStore#insert(EntityType,
 * String, RecordValues)} or {@link RecordStore#update(EntityType, String, String, RecordValues)}: declared
 * fields by name, read-only ones included (a service sets an order's status), each checked against the
 * declaration when set, so a misspelt field or a value of the wrong Java type fails at once rather than in SQL.
 * A table may also keep columns its entity never shows (a user's password hash): {@link #hidden} names those.
 * The platform's own fields (id, created, updated, integrationsData) are the store's.
 */
public final class RecordValues {

    private static final Set<String> PLATFORM_FIELDS = Set.of(EntityType.ID, EntityType.CREATED, EntityType.UPDATED,
            EntityType.INTEGRATIONS_DATA);
    private static final Set<String> PLATFORM_COLUMNS = Set.of("id", "org_id", "version", "created", "updated",
            "integrations_data");
    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EntityType type;
    private final Map<Field, Object> fields = new LinkedHashMap<>();
    private final Map<String, Object> hidden = new LinkedHashMap<>();

    private RecordValues(EntityType type) {
        this.type = type;
    }

    public static RecordValues of(EntityType type) {
        return new RecordValues(type);
    }

    /** Sets a declared field; null writes SQL NULL. */
    public RecordValues set(String fieldName, Object value) {
        Field field = type.field(fieldName).filter(found -> !PLATFORM_FIELDS.contains(found.name()))
                .orElseThrow(() -> new IllegalArgumentException(type.name() + " declare no field " + fieldName
                        + " a service may write"));
        fields.put(field, checked(field, value));
        return this;
    }

    /** Sets every field of {@code values}, such as the checked fields {@link RecordInput#valid} answers. */
    public RecordValues setAll(Map<String, ?> values) {
        values.forEach(this::set);
        return this;
    }

    /** Sets a column of the table that the entity does not declare, bound as it is. */
    public RecordValues hidden(String column, Object value) {
        if (!COLUMN.matcher(column).matches() || PLATFORM_COLUMNS.contains(column)
                || type.fields().stream().anyMatch(field -> field.column().equals(column))) {
            throw new IllegalArgumentException(column + " is not a hidden column of " + type.table());
        }
        hidden.put(column, value);
        return this;
    }

    EntityType type() {
        return type;
    }

    Map<Field, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    Map<String, Object> hidden() {
        return Collections.unmodifiableMap(hidden);
    }

    /** The Java value {@link FieldKind} binds for the field's kind (an int is taken as a long). */
    private Object checked(Field field, Object value) {
        if (value == null) {
            return null;
        }
        Object bound = value instanceof Integer number ? Long.valueOf(number) : value;
        Class<?> expected = switch (field.kind()) {
            case TEXT, REFERENCE -> String.class;
            case BOOLEAN -> Boolean.class;
            case DECIMAL -> BigDecimal.class;
            case INTEGER -> Long.class;
            case TIMESTAMP -> OffsetDateTime.class;
            case TEXT_LIST, REFERENCE_LIST, TEXT_MAP_LIST -> List.class;
            case TEXT_MAP -> Map.class;
            case JSON_DOCUMENT -> JsonNode.class;
        };
        if (!expected.isInstance(bound)) {
            throw new IllegalArgumentException(type.name() + "." + field.name() + " takes a " + expected.getSimpleName()
                    + ", not a " + value.getClass().getSimpleName());
        }
        return bound;
    }
}
