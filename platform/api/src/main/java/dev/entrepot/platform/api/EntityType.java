package dev.entrepot.platform.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An entity as the API exposes it: its plural name (the path segment), its table and its fields. Every
 * entity also has the platform's fields {@code id}, {@code created}, {@code updated} and
 * {@code integrationsData}, and its table the columns {@code org_id} and {@code version} (see
 * docs/api.md for the table every entity needs).
 * <p>
 * A reference from an entity to itself (a category's parent) is a tree: the platform refuses a cycle.
 */
public final class EntityType {

    public static final String ID = "id";
    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String INTEGRATIONS_DATA = "integrationsData";

    private final String name;
    private final String singular;
    private final String table;
    private final List<Field> fields;
    private final Map<String, Field> byName = new LinkedHashMap<>();

    private EntityType(String name, String singular, String table, List<Field> declared) {
        this.name = name;
        this.singular = singular;
        this.table = table;
        List<Field> all = new ArrayList<>();
        all.add(Field.text(ID).readOnly());
        all.addAll(declared);
        all.add(Field.timestamp(CREATED).readOnly());
        all.add(Field.timestamp(UPDATED).readOnly());
        all.add(Field.textMap(INTEGRATIONS_DATA).column("integrations_data").readOnly());
        for (Field field : all) {
            if (byName.put(field.name(), field) != null) {
                throw new IllegalArgumentException(name + " declares " + field.name() + " twice");
            }
        }
        this.fields = Collections.unmodifiableList(all);
    }

    /** @param name the plural path segment, e.g. {@code products}; @param singular e.g. {@code product} */
    public static EntityType of(String name, String singular, String table, Field... declared) {
        return new EntityType(name, singular, table, List.of(declared));
    }

    public String name() {
        return name;
    }

    public String singular() {
        return singular;
    }

    public String table() {
        return table;
    }

    /** Every field, in the order records show them. */
    public List<Field> fields() {
        return fields;
    }

    public Optional<Field> field(String fieldName) {
        return Optional.ofNullable(byName.get(fieldName));
    }

    public List<Field> writableFields() {
        return fields.stream().filter(Field::isWritable).toList();
    }

    public List<Field> relations() {
        return fields.stream().filter(Field::isRelation).toList();
    }

    public boolean isSearchable() {
        return fields.stream().anyMatch(Field::isSearchable);
    }

    @Override
    public String toString() {
        return name;
    }
}
