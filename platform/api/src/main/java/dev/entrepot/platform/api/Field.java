package dev.entrepot.platform.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One field of an entity as the API exposes it: its name, the column behind it, its kind and the rules
 * a written value must meet. Built with the static factories and the fluent modifiers, e.g.
 * {@code Field.text("sku").maxLength(64).unique()}.
 */
public final class Field {

    private final String name;
    private final FieldKind kind;
    private String column;
    private boolean required;
    private int maxLength = 255;
    private int maxItems = 100;
    private boolean unique;
    private boolean searchable;
    private boolean writable = true;
    private Object defaultValue;
    private Supplier<EntityType> target;
    private String expandAs;
    private Function<Object, String> check = value -> null;
    private List<String> allowedValues;
    private String pattern;
    private String schemaName;
    private boolean itemsCarryIntegrationsData;

    private Field(String name, FieldKind kind) {
        this.name = name;
        this.kind = kind;
        this.column = name;
        this.defaultValue = switch (kind) {
            case TEXT_LIST, REFERENCE_LIST, TEXT_MAP_LIST -> List.of();
            case TEXT_MAP -> Map.of();
            default -> null;
        };
        if (kind == FieldKind.TEXT_MAP) {
            maxItems = 50;
        } else if (kind == FieldKind.TEXT_MAP_LIST) {
            maxItems = 20;
        }
    }

    public static Field text(String name) {
        return new Field(name, FieldKind.TEXT);
    }

    public static Field longText(String name) {
        return new Field(name, FieldKind.TEXT).maxLength(20_000);
    }

    public static Field bool(String name) {
        return new Field(name, FieldKind.BOOLEAN);
    }

    public static Field decimal(String name) {
        return new Field(name, FieldKind.DECIMAL);
    }

    public static Field integer(String name) {
        return new Field(name, FieldKind.INTEGER);
    }

    public static Field timestamp(String name) {
        return new Field(name, FieldKind.TIMESTAMP);
    }

    public static Field textList(String name) {
        return new Field(name, FieldKind.TEXT_LIST);
    }

    public static Field textMap(String name) {
        return new Field(name, FieldKind.TEXT_MAP);
    }

    /** A list of objects of string values (at most 20 objects, each checked as a {@link #textMap}). */
    public static Field textMapList(String name) {
        return new Field(name, FieldKind.TEXT_MAP_LIST);
    }

    /**
     * Any JSON a service builds itself, such as an order's lines; read-only, neither filtered nor sorted
     * on (a {@code jsonb} column).
     */
    public static Field json(String name) {
        return new Field(name, FieldKind.JSON_DOCUMENT).readOnly();
    }

    /** An id of a record of {@code target}, expanded under {@code expandAs} at depth 2 and more. */
    public static Field reference(String name, Supplier<EntityType> target, String expandAs) {
        Field field = new Field(name, FieldKind.REFERENCE);
        field.target = target;
        field.expandAs = expandAs;
        return field;
    }

    /** A list of ids of records of {@code target}, expanded as a list under {@code expandAs}. */
    public static Field references(String name, Supplier<EntityType> target, String expandAs) {
        Field field = new Field(name, FieldKind.REFERENCE_LIST);
        field.target = target;
        field.expandAs = expandAs;
        return field;
    }

    public Field column(String columnName) {
        this.column = columnName;
        return this;
    }

    public Field required() {
        this.required = true;
        return this;
    }

    /** For text: the most characters; for lists and maps: the most characters of each item or value. */
    public Field maxLength(int characters) {
        this.maxLength = characters;
        return this;
    }

    public Field maxItems(int items) {
        this.maxItems = items;
        return this;
    }

    /** Unique within an organization (a unique index on (org_id, column) backs it); a duplicate is a 409. */
    public Field unique() {
        this.unique = true;
        return this;
    }

    /** Part of the entity's full-text search vector (the migration's generated column must agree). */
    public Field searchable() {
        this.searchable = true;
        return this;
    }

    /**
     * Set by the platform (id, created, updated, integrationsData) or by the service (an order's status):
     * returned, never written by callers.
     */
    public Field readOnly() {
        this.writable = false;
        return this;
    }

    public Field defaultsTo(Object value) {
        this.defaultValue = value;
        return this;
    }

    /**
     * Text that must be one of {@code values} (refused otherwise with their list); the API description
     * shows them as the field's enum.
     */
    public Field oneOf(String... values) {
        List<String> allowed = List.of(values);
        this.allowedValues = allowed;
        String problem = "must be " + (allowed.size() == 1 ? allowed.get(0)
                : String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.get(allowed.size() - 1));
        return check(value -> allowed.contains(value) ? null : problem);
    }

    /** Text that must match {@code regex} whole ({@code problem} otherwise); the API description shows the pattern. */
    public Field matching(String regex, String problem) {
        java.util.regex.Pattern compiled = java.util.regex.Pattern.compile(regex);
        this.pattern = "^" + regex + "$";
        return check(value -> compiled.matcher((String) value).matches() ? null : problem);
    }

    /**
     * The name of the schema under {@code components.schemas} of the service's static OpenAPI file that
     * describes this field's values: for a {@link #json} field, whose shape the service builds itself.
     */
    public Field documentedBy(String componentSchema) {
        this.schemaName = componentSchema;
        return this;
    }

    /**
     * For a {@link #json} list of parts that are records of their own at integrations-service (an
     * order's lines): each item carries {@code integrationsData}, and a list is filtered by it with
     * {@code <field>.integrationsData.<integration>.<key>}.
     */
    public Field itemsCarryIntegrationsData() {
        this.itemsCarryIntegrationsData = true;
        return this;
    }

    public boolean hasItemsCarryingIntegrationsData() {
        return itemsCarryIntegrationsData;
    }

    /** An extra rule on a non-null value: returns the problem, or null when the value is fine. */
    public Field check(Function<Object, String> rule) {
        this.check = rule;
        return this;
    }

    /**
     * Turns a written JSON value into this field's Java value, or throws {@link InvalidValue}. JSON
     * null clears the field (lists and maps become empty); a required field refuses it.
     */
    public Object parse(JsonNode node) {
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidValue("is required");
            }
            return defaultValue;
        }
        Object value = kind.fromJsonValue(node);
        if (value instanceof String text) {
            if (required && text.isBlank()) {
                throw new InvalidValue("is required");
            }
            if (text.codePointCount(0, text.length()) > maxLength) {
                throw new InvalidValue("must be at most " + maxLength + " characters");
            }
            String problem = Checks.textProblem(text);
            if (problem != null) {
                throw new InvalidValue(problem);
            }
        } else if (value instanceof List<?> list) {
            if (list.size() > maxItems) {
                throw new InvalidValue("must have at most " + maxItems + " items");
            }
            for (Object element : list) {
                if (element instanceof Map<?, ?> map) {
                    checkEntries(map, 50);
                    continue;
                }
                String text = (String) element;
                if (text.length() > maxLength) {
                    throw new InvalidValue("items must be at most " + maxLength + " characters");
                }
                if (Checks.textProblem(text) != null) {
                    throw new InvalidValue("items " + Checks.textProblem(text));
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            checkEntries(map, maxItems);
        }
        String problem = check.apply(value);
        if (problem != null) {
            throw new InvalidValue(problem);
        }
        return value;
    }

    private void checkEntries(Map<?, ?> map, int maxEntries) {
        if (map.size() > maxEntries) {
            throw new InvalidValue("must have at most " + maxEntries + " entries");
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = (String) entry.getKey();
            String text = (String) entry.getValue();
            if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > 64) {
                throw new InvalidValue("keys must be 1 to 64 bytes");
            }
            if (text.length() > maxLength) {
                throw new InvalidValue("values must be at most " + maxLength + " characters");
            }
            if (Checks.textProblem(key + text) != null) {
                throw new InvalidValue("keys and values " + Checks.textProblem(key + text));
            }
        }
    }

    public String name() {
        return name;
    }

    public FieldKind kind() {
        return kind;
    }

    public String column() {
        return column;
    }

    public boolean isRequired() {
        return required;
    }

    public boolean isUnique() {
        return unique;
    }

    public boolean isSearchable() {
        return searchable;
    }

    public boolean isWritable() {
        return writable;
    }

    public Object defaultValue() {
        return defaultValue;
    }

    public int maxLength() {
        return maxLength;
    }

    public int maxItems() {
        return maxItems;
    }

    /** The values {@link #oneOf} allows, or null. */
    public List<String> allowedValues() {
        return allowedValues;
    }

    /** The anchored pattern {@link #matching} requires, or null. */
    public String pattern() {
        return pattern;
    }

    /** See {@link #documentedBy}; null when the field's kind describes it. */
    public String schemaName() {
        return schemaName;
    }

    public boolean isRelation() {
        return target != null;
    }

    public EntityType target() {
        return Objects.requireNonNull(target, name + " is not a relation").get();
    }

    public String expandAs() {
        return expandAs;
    }
}
