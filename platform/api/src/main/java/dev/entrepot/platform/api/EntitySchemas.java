package dev.entrepot.platform.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import io.smallrye.openapi.internal.models.media.SchemaSupport;

/**
 * The JSON schemas of one entity, made from its declaration: the record as it is read, the body that
 * creates (or replaces) one, the body that patches one, the bulk bodies, the {@code /query} body and the
 * envelopes around them. Names are the entity's singular in CamelCase ({@code StockLevel},
 * {@code StockLevelCreate}, {@code StockLevelList}, …) so a service's static OpenAPI file can refer to them.
 */
final class EntitySchemas {

    static final String REF = "#/components/schemas/";

    private final EntityType type;
    private final String name;

    EntitySchemas(EntityType type) {
        this.type = type;
        this.name = schemaName(type);
    }

    static String schemaName(EntityType type) {
        StringBuilder name = new StringBuilder();
        for (String word : type.singular().split("[ _-]+")) {
            name.append(ApiDescription.capitalized(word));
        }
        return name.toString();
    }

    String name() {
        return name;
    }

    static Schema ref(String schema) {
        return OASFactory.createSchema().ref(REF + schema);
    }

    /** Every schema of this entity, by name. */
    Map<String, Schema> all() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put(name, record());
        schemas.put(name + "Create", create());
        schemas.put(name + "Patch", patch());
        schemas.put(name + "CreateMany", bulk(ref(name + "Create"), "The records to create, all or none."));
        schemas.put(name + "ReplaceMany", bulk(OASFactory.createSchema().allOf(List.of(ref(name + "Create"),
                OASFactory.createSchema().type(List.of(SchemaType.OBJECT)).required(List.of(EntityType.ID))
                        .addProperty(EntityType.ID, ref("Id")))), "The records to replace, each with its id; all or none."));
        schemas.put(name + "PatchMany", bulk(OASFactory.createSchema().allOf(List.of(ref(name + "Patch"),
                OASFactory.createSchema().type(List.of(SchemaType.OBJECT)).required(List.of(EntityType.ID))
                        .addProperty(EntityType.ID, ref("Id")))), "The records to change, each with its id and the fields it "
                                + "changes; all or none."));
        schemas.put(name + "Query", query());
        schemas.put(name + "Envelope", envelope(OASFactory.createSchema().addProperty("data", ref(name)), name + " in the envelope."));
        schemas.put(name + "Many", envelope(OASFactory.createSchema()
                .addProperty("data", array(ref(name)))
                .addProperty("count", integer("How many records data holds.")), "The records a bulk write made or changed."));
        schemas.put(name + "List", list());
        return schemas;
    }

    private Schema record() {
        Schema record = object(ApiDescription.capitalized(type.singular()) + " as the API returns it. Relations expand at depth 2 and more (the depth parameter).");
        List<String> required = new ArrayList<>();
        for (Field field : type.fields()) {
            record.addProperty(field.name(), fieldSchema(field, true));
            required.add(field.name());
        }
        for (Field relation : type.relations()) {
            String target = schemaName(relation.target());
            record.addProperty(relation.expandAs(), relation.kind() == FieldKind.REFERENCE_LIST
                    ? array(ref(target)).description("The " + target + " records of " + relation.name() + ", present at depth 2 and more.")
                    // OpenAPI 3.0 cannot say "this $ref or null": the expanded record is an object, described by
                    // the named schema.
                    : nullable(object("The " + target + " record " + relation.name() + " names (see the " + target
                            + " schema), or null; present at depth 2 and more.")).additionalPropertiesBoolean(Boolean.TRUE));
        }
        return record.required(required);
    }

    private Schema create() {
        Schema create = object("The fields of a new " + type.singular() + " (PUT replaces a record with the same body). "
                + "Read-only fields and unknown fields are refused with a 422. Integration data is written as in a "
                + "PATCH (see " + name + "Patch): keys sent are set or removed, others stay; a PUT may send back every "
                + "integration's data as it read it, and writes only the keys it changes.");
        List<String> required = new ArrayList<>();
        for (Field field : type.writableFields()) {
            create.addProperty(field.name(), fieldSchema(field, false));
            if (field.isRequired() && field.defaultValue() == null) {
                required.add(field.name());
            }
        }
        create.addProperty(EntityType.INTEGRATIONS_DATA, integrationsDataWrite());
        create.additionalPropertiesSchema(dottedIntegrationsData());
        return required.isEmpty() ? create : create.required(required);
    }

    private Schema patch() {
        Schema patch = object("The fields to change; a field not sent keeps its value, null clears it. Integration "
                + "data may be written nested (\"integrationsData\": {\"erp\": {\"external_id\": \"A-17\"}}) or dotted "
                + "(\"integrationsData.erp.external_id\": \"A-17\", or \"integrationsData.erp\": {…}); a null value "
                + "removes that key. Each integration writes only its own namespace unless it may write others' data.");
        for (Field field : type.writableFields()) {
            patch.addProperty(field.name(), fieldSchema(field, false));
        }
        patch.addProperty(EntityType.INTEGRATIONS_DATA, integrationsDataWrite());
        // The dotted form: keys named integrationsData.<integration>[.<key>], holding a string, null or an object.
        return patch.additionalPropertiesSchema(dottedIntegrationsData());
    }

    /** The nested form of integration data in a write. */
    private static Schema integrationsDataWrite() {
        return nullable(OASFactory.createSchema().type(List.of(SchemaType.OBJECT)))
                .description("Per integration, the keys to set (a string) or remove (null).")
                .maxProperties(50)
                .additionalPropertiesSchema(OASFactory.createSchema().type(List.of(SchemaType.OBJECT)).maxProperties(20)
                        .additionalPropertiesSchema(nullable(OASFactory.createSchema().type(List.of(SchemaType.STRING))
                                .maxLength(1024))));
    }

    private Schema bulk(Schema item, String description) {
        return object(description).required(List.of("data")).additionalPropertiesBoolean(Boolean.FALSE)
                .addProperty("data", array(item).minItems(1).maxItems(EntityService.MAX_BULK));
    }

    private Schema query() {
        Schema filter = object("Conditions on fields, all of which must hold: field: value (equals), or "
                + "field: {operator: value}. integrationsData.<integration>.<key> takes eq, ne, in and like.");
        for (Field field : type.fields()) {
            if (!field.kind().operators().isEmpty()) {
                filter.addProperty(field.name(), ref(filterName(field.kind())));
            }
        }
        String items = type.fields().stream().filter(Field::hasItemsCarryingIntegrationsData)
                .map(field -> ", or " + field.name() + ".integrationsData.<integration>.<key> (an item of " + field.name() + " holds it)")
                .collect(Collectors.joining());
        filter.additionalPropertiesSchema(ref(filterName(FieldKind.TEXT)).description(
                "Only integrationsData.<integration>.<key> conditions (eq, ne, in, like) are accepted here" + items + "."));
        return object("What POST /" + type.name() + "/query lists; every key is optional.").additionalPropertiesBoolean(Boolean.FALSE)
                .addProperty("filter", filter)
                .addProperty("sort", array(sortKey()).description("Sort keys, most significant first; - before a field "
                        + "sorts descending. One string of keys separated by commas is taken too."))
                .addProperty("search", text(200, "Words searched in the searchable fields."))
                .addProperty("limit", integer("Records per page.").minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(ListQuery.MAX_QUERY_LIMIT))
                        .defaultValue(ListQuery.DEFAULT_LIMIT))
                .addProperty("page", integer("The page, from 1.").minimum(BigDecimal.ONE))
                .addProperty("offset", integer("Records to skip (instead of page).").minimum(BigDecimal.ZERO))
                .addProperty("depth", depth());
    }

    /** A PATCH body's other keys: only the dotted form of integration data is accepted there. */
    static Schema dottedIntegrationsData() {
        // One type only: a generated client cannot take "a string or an object" here. The object form
        // (integrationsData.<integration>: {…}) is accepted too, and said in the description.
        return nullable(text(1024, "Only integrationsData.<integration>.<key> keys are accepted here: the value, or null "
                + "to remove the key. integrationsData.<integration> with an object of keys is taken too."));
    }

    /** The name of the shared schema of one field kind's conditions in a query body. */
    static String filterName(FieldKind kind) {
        return switch (kind) {
            case REFERENCE, REFERENCE_LIST -> "IdFilter";
            case TEXT_LIST -> "TextListFilter";
            default -> ApiDescription.capitalized(kind.name().toLowerCase(Locale.ROOT)) + "Filter";
        };
    }

    /** The query body's condition schemas, one per field kind that can be filtered on: a value (eq), or {operator: value}. */
    static Map<String, Schema> filters() {
        Map<String, Schema> filters = new LinkedHashMap<>();
        for (Field example : List.of(Field.text("text"), Field.bool("bool"), Field.decimal("decimal"), Field.integer("integer"),
                Field.timestamp("timestamp"), Field.reference("id", () -> null, "x"), Field.textList("list"))) {
            Schema conditions = object("Conditions that must all hold.").additionalPropertiesBoolean(Boolean.FALSE);
            for (Operator operator : example.kind().operators()) {
                conditions.addProperty(operator.token(), parameterSchema(example, operator));
            }
            filters.putIfAbsent(filterName(example.kind()), OASFactory.createSchema()
                    .description("A value the field must equal, or conditions by operator.")
                    .oneOf(List.of(parameterSchema(example, Operator.EQ), conditions)));
        }
        return filters;
    }

    private Schema list() {
        return envelope(OASFactory.createSchema()
                .addProperty("data", array(ref(name)))
                .addProperty("count", integer("Records on this page."))
                .addProperty("total_count", integer("Records that match, on every page."))
                .addProperty("page", integer("This page, from 1."))
                .addProperty("limit", integer("Records per page."))
                .addProperty("offset", integer("Records before this page."))
                .addProperty("has_next", bool("Whether a next page exists."))
                .addProperty("pagination", ref("Pagination"))
                .required(List.of("data", "count", "total_count", "page", "limit", "offset", "has_next", "pagination")),
                "One page of " + type.name() + ", with both paginations clients expect.");
    }

    private static Schema envelope(Schema content, String description) {
        List<String> required = new ArrayList<>(content.getRequired() == null ? List.of("data") : content.getRequired());
        return OASFactory.createSchema().description(description)
                .allOf(List.of(ref("Envelope"), content.type(List.of(SchemaType.OBJECT)).required(required)));
    }

    Schema sortKey() {
        List<Object> keys = new ArrayList<>();
        for (Field field : type.fields()) {
            if (field.kind().sortable()) {
                keys.add(field.name());
                keys.add("-" + field.name());
                keys.add("+" + field.name());
            }
        }
        return OASFactory.createSchema().type(List.of(SchemaType.STRING)).enumeration(keys);
    }

    static Schema depth() {
        return integer("How deep to expand relations: 1 (ids only) to " + ListQuery.MAX_DEPTH + ".")
                .minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(ListQuery.MAX_DEPTH)).defaultValue(1);
    }

    /** A field's value as a record shows it ({@code read}) or as a body writes it. */
    static Schema fieldSchema(Field field, boolean read) {
        Schema schema = switch (field.kind()) {
            case TEXT -> textOf(field);
            case BOOLEAN -> bool(null);
            case DECIMAL -> OASFactory.createSchema().type(List.of(SchemaType.NUMBER)).format("decimal")
                    .description("An exact decimal, numeric(19,4): at most 15 digits before and 4 after the point. "
                            + "Written as a JSON number or a string of one (\"19.99\"); read as a JSON number.");
            case INTEGER -> OASFactory.createSchema().type(List.of(SchemaType.INTEGER)).format("int64");
            case TIMESTAMP -> ref("Timestamp");
            case REFERENCE -> ref("Id");
            case REFERENCE_LIST -> array(id()).maxItems(field.maxItems());
            case TEXT_LIST -> array(text(field.maxLength(), null)).maxItems(field.maxItems());
            case TEXT_MAP -> EntityType.INTEGRATIONS_DATA.equals(field.name()) ? ref("IntegrationsData") : textMap(field.maxItems(), field.maxLength());
            case TEXT_MAP_LIST -> array(textMap(50, field.maxLength())).maxItems(field.maxItems());
            case JSON_DOCUMENT -> {
                if (field.schemaName() == null) {
                    throw new IllegalStateException("The JSON field " + field.name() + " names no schema (Field.documentedBy)");
                }
                yield ref(field.schemaName());
            }
        };
        if (field.schemaName() != null && field.kind() != FieldKind.JSON_DOCUMENT) {
            schema = ref(field.schemaName());
        }
        boolean nullable = !field.isRequired() && field.defaultValue() == null && !field.kind().isList()
                && field.kind() != FieldKind.TEXT_MAP && field.kind() != FieldKind.JSON_DOCUMENT
                && !EntityType.ID.equals(field.name()) && !EntityType.CREATED.equals(field.name())
                && !EntityType.UPDATED.equals(field.name());
        if (EntityType.ID.equals(field.name()) || (schema.getRef() != null && field.kind() == FieldKind.REFERENCE)) {
            schema = id();
        } else if (schema.getRef() != null && field.kind() == FieldKind.TIMESTAMP) {
            schema = timestamp();
        } else if (schema.getRef() != null && (!field.isWritable() || nullable || field.isUnique())) {
            // A $ref takes no siblings in OpenAPI 3.0: the field's own facts go on a wrapper.
            schema = OASFactory.createSchema().allOf(List.of(schema));
        }
        if (!field.isWritable()) {
            schema.readOnly(true);
        }
        if (nullable) {
            nullable(schema);
        }
        if (!read && field.defaultValue() != null) {
            Object value = field.defaultValue();
            schema.defaultValue(value instanceof BigDecimal decimal ? decimal.doubleValue() : value);
        }
        if (field.isUnique()) {
            schema.description(join(schema.getDescription(), "Unique within the organization (a duplicate is a 409)."));
        }
        return schema;
    }

    /** A filter parameter's value for one operator of a field. */
    static Schema parameterSchema(Field field, Operator operator) {
        if (operator == Operator.IN) {
            return text(0, "Values separated by commas.");
        }
        if (operator == Operator.LIKE) {
            return text(0, "A case-insensitive pattern: % any run of characters, _ any one, \\ makes the next literal.");
        }
        return switch (field.kind()) {
            case BOOLEAN -> bool(null);
            case DECIMAL -> OASFactory.createSchema().type(List.of(SchemaType.NUMBER)).format("decimal");
            case INTEGER -> OASFactory.createSchema().type(List.of(SchemaType.INTEGER)).format("int64");
            case TIMESTAMP -> ref("Timestamp");
            case REFERENCE, REFERENCE_LIST -> ref("Id");
            case TEXT -> field.allowedValues() != null ? textOf(field) : text(0, null);
            default -> text(0, null);
        };
    }

    private static Schema textOf(Field field) {
        Schema schema = text(field.maxLength(), null);
        if (field.allowedValues() != null) {
            schema.enumeration(new ArrayList<>(field.allowedValues()));
        }
        if (field.pattern() != null) {
            schema.pattern(field.pattern());
        }
        return schema;
    }

    static Schema textMap(int maxEntries, int maxValueLength) {
        return OASFactory.createSchema().type(List.of(SchemaType.OBJECT)).maxProperties(maxEntries)
                .description("Text values by name (names of 1 to 64 bytes).")
                .additionalPropertiesSchema(text(maxValueLength, null));
    }

    /** A record id, written out where OpenAPI 3.0 needs facts beside it (nullable, readOnly) that a $ref cannot carry. */
    static Schema id() {
        return text(0, "A record id: 15 characters of a-z and 0-9.").pattern("^[a-z0-9]{15}$").minLength(15).maxLength(15);
    }

    /** An RFC 3339 date-time, written out for the same reason as {@link #id}. */
    static Schema timestamp() {
        return text(0, "An RFC 3339 date-time; the API writes UTC with milliseconds.").format("date-time");
    }

    /** May also be null ({@code nullable: true} in the OpenAPI 3.0 document). */
    static Schema nullable(Schema schema) {
        SchemaSupport.setNullable(schema, Boolean.TRUE);
        return schema;
    }

    static Schema object(String description) {
        return OASFactory.createSchema().type(List.of(SchemaType.OBJECT)).description(description);
    }

    static Schema array(Schema items) {
        return OASFactory.createSchema().type(List.of(SchemaType.ARRAY)).items(items);
    }

    static Schema text(int maxLength, String description) {
        Schema schema = OASFactory.createSchema().type(List.of(SchemaType.STRING));
        if (maxLength > 0) {
            schema.maxLength(maxLength);
        }
        return description == null ? schema : schema.description(description);
    }

    static Schema integer(String description) {
        return OASFactory.createSchema().type(List.of(SchemaType.INTEGER)).description(description);
    }

    static Schema bool(String description) {
        Schema schema = OASFactory.createSchema().type(List.of(SchemaType.BOOLEAN));
        return description == null ? schema : schema.description(description);
    }

    private static String join(String first, String second) {
        return first == null ? second : first + " " + second;
    }
}
