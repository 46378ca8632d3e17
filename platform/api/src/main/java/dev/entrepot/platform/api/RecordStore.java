package dev.entrepot.platform.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The SQL behind the generic API, for any {@link EntityType}: every statement is built from the
 * declared fields and columns (never from request text) and every value is a bound parameter. Every
 * statement is scoped to one organization. Runs on the service's datasource, inside the caller's
 * transaction when there is one.
 */
@ApplicationScoped
public class RecordStore {

    private static final int MAX_SEARCH_TERMS = 10;
    // Every statement names every column: made once per entity rather than on each call.
    private static final Map<EntityType, String> COLUMNS = new ConcurrentHashMap<>();
    private static final Map<EntityType, String> ALIASED_COLUMNS = new ConcurrentHashMap<>();

    private final DataSource dataSource;

    RecordStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public record Page(List<StoredRecord> records, long totalCount, boolean hasNext) {
    }

    /** A written record: the values of every writable field, by field name. */
    public record Row(String id, Map<String, Object> values) {
    }

    public Page list(EntityType type, String organization, ListQuery query) {
        List<Object> parameters = new ArrayList<>();
        List<FieldKind> kinds = new ArrayList<>();
        String where = where(type, organization, query, parameters, kinds);
        String order = query.sort().stream()
                .map(key -> "r." + key.field().column() + (key.descending() ? " DESC" : " ASC"))
                .collect(Collectors.joining(", "));
        String tieBreak = query.sort().get(query.sort().size() - 1).descending() ? " DESC" : " ASC";
        // Deferred join: the page is found on the (index-only) id list first, then only its rows are read,
        // so a deep offset skips index entries, not whole rows.
        String sql = "SELECT " + columns(type, "r.") + " FROM " + type.table() + " r JOIN (SELECT r.id FROM "
                + type.table() + " r WHERE " + where + " ORDER BY " + order + ", r.id" + tieBreak
                + " LIMIT ? OFFSET ?) page ON page.id = r.id ORDER BY " + order + ", r.id" + tieBreak;
        try (Connection connection = dataSource.getConnection()) {
            List<StoredRecord> records = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = bindAll(statement, parameters, kinds);
                statement.setInt(index++, query.limit() + 1);
                statement.setInt(index, query.offset());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        records.add(read(type, rows));
                    }
                }
            }
            boolean hasNext = records.size() > query.limit();
            if (hasNext) {
                records.remove(records.size() - 1);
            }
            long total;
            if (!hasNext && (!records.isEmpty() || query.offset() == 0)) {
                total = query.offset() + records.size(); // the last page tells the total without counting
            } else if (query.filters().isEmpty() && query.search() == null) {
                total = maintainedCount(connection, type, organization);
            } else {
                try (PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM " + type.table() + " r WHERE " + where)) {
                    bindAll(count, parameters, kinds);
                    try (ResultSet row = count.executeQuery()) {
                        row.next();
                        total = row.getLong(1);
                    }
                }
            }
            return new Page(records, total, hasNext);
        } catch (SQLException e) {
            throw new IllegalStateException("Listing " + type.name() + " failed", e);
        }
    }

    /**
     * The organization's number of records, kept by the table's counting triggers (see RecordCounting);
     * summed, since the counts are kept in several slots (db/platform-api/V1__record_counts.sql).
     */
    private static long maintainedCount(Connection connection, EntityType type, String organization) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT coalesce(sum(count), 0) FROM record_counts WHERE table_name = ? AND org_id = ?")) {
            count.setString(1, type.table());
            count.setString(2, organization);
            try (ResultSet row = count.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    public Optional<StoredRecord> find(EntityType type, String organization, String id) {
        return findOne(type, organization, id, "");
    }

    /** The record, locked until the end of the transaction (for read-modify-write). */
    public Optional<StoredRecord> lock(EntityType type, String organization, String id) {
        return findOne(type, organization, id, " FOR UPDATE");
    }

    public List<StoredRecord> findAll(EntityType type, String organization, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + columns(type, "") + " FROM " + type.table() + " WHERE org_id = ? AND id = ANY(?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, organization);
            statement.setArray(2, connection.createArrayOf("text", ids.toArray()));
            List<StoredRecord> records = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.add(read(type, rows));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading " + type.name() + " failed", e);
        }
    }

    /** Which of {@code ids} exist in the organization. */
    public Set<String> existing(EntityType type, String organization, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return queryStrings("SELECT id, id FROM " + type.table() + " WHERE org_id = ? AND id = ANY(?)", organization, ids)
                .keySet();
    }

    /** Of the given values of a unique text field, those already taken, with the id that holds each. */
    public Map<String, String> taken(EntityType type, Field field, String organization, Collection<String> values) {
        if (values.isEmpty()) {
            return Map.of();
        }
        return queryStrings("SELECT " + field.column() + ", id FROM " + type.table()
                + " WHERE org_id = ? AND " + field.column() + " = ANY(?)", organization, values);
    }

    /** Whether {@code id} is {@code startId} or one of its ancestors along the self-reference {@code field}. */
    public boolean isAncestorOrSelf(EntityType type, Field field, String organization, String startId, String id) {
        String sql = "WITH RECURSIVE up(id, parent, steps) AS ("
                + "SELECT id, " + field.column() + ", 1 FROM " + type.table() + " WHERE org_id = ? AND id = ? "
                + "UNION ALL SELECT t.id, t." + field.column() + ", up.steps + 1 FROM " + type.table()
                + " t JOIN up ON t.id = up.parent WHERE t.org_id = ? AND up.steps < 10000"
                + ") SELECT 1 FROM up WHERE id = ? LIMIT 1";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, organization);
            statement.setString(2, startId);
            statement.setString(3, organization);
            statement.setString(4, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Walking up " + type.name() + " failed", e);
        }
    }

    /** One record of {@code referrer} whose {@code field} points at any of {@code ids}, if there is one. */
    public Optional<String> referrer(EntityType referrer, Field field, String organization, Collection<String> ids) {
        String condition = field.kind().isList() ? field.column() + " && ?" : field.column() + " = ANY(?)";
        return queryStrings("SELECT id, id FROM " + referrer.table() + " WHERE org_id = ? AND " + condition + " LIMIT 1",
                organization, ids).keySet().stream().findFirst();
    }

    public void insert(EntityType type, String organization, List<Row> rows, OffsetDateTime now) {
        List<Field> fields = type.writableFields();
        String sql = "INSERT INTO " + type.table() + " (id, org_id, version, created, updated, "
                + fields.stream().map(Field::column).collect(Collectors.joining(", ")) + ") VALUES (?, ?, 1, ?, ?, "
                + fields.stream().map(field -> field.kind().placeholder()).collect(Collectors.joining(", ")) + ")";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Row row : rows) {
                statement.setString(1, row.id());
                statement.setString(2, organization);
                statement.setObject(3, now);
                statement.setObject(4, now);
                int index = 5;
                for (Field field : fields) {
                    field.kind().bind(statement, index++, row.values().get(field.name()));
                }
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw translate(type, e);
        }
    }

    /** Writes every writable field of an existing record and bumps its version. */
    public void update(EntityType type, String organization, Row row, OffsetDateTime now) {
        List<Field> fields = type.writableFields();
        String sql = "UPDATE " + type.table() + " SET version = version + 1, updated = ?, "
                + fields.stream().map(field -> field.column() + " = " + field.kind().placeholder())
                        .collect(Collectors.joining(", "))
                + " WHERE org_id = ? AND id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, now);
            int index = 2;
            for (Field field : fields) {
                field.kind().bind(statement, index++, row.values().get(field.name()));
            }
            statement.setString(index++, organization);
            statement.setString(index, row.id());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw translate(type, e);
        }
    }

    /**
     * Inserts one record of {@code type} with a new id, version 1 and the transaction's time, writing only
     * the columns {@code values} sets (the others keep their defaults), and answers it as stored, in the
     * same statement.
     */
    public StoredRecord insert(EntityType type, String organization, RecordValues values) {
        return insert(type, organization, values, "").orElseThrow();
    }

    /**
     * {@link #insert(EntityType, String, RecordValues)} unless a unique value of the record is already
     * taken: then nothing is written and the answer is empty (the existing record is the caller's to read).
     */
    public Optional<StoredRecord> insertUnlessTaken(EntityType type, String organization, RecordValues values) {
        return insert(type, organization, values, " ON CONFLICT DO NOTHING");
    }

    /**
     * Writes the columns {@code values} sets of one record and bumps its version and time; answers the
     * record as stored, or empty when the organization has no record {@code id}.
     */
    public Optional<StoredRecord> update(EntityType type, String organization, String id, RecordValues values) {
        return update(type, organization, id, values, null, List.of());
    }

    /**
     * Writes like {@link #update(EntityType, String, String, RecordValues)}, but only while the record's
     * {@code field} holds one of {@code allowed}: empty when it does not, or when there is no such record. A
     * read-check-write in one statement, for a step that needs no more of the record than that to decide.
     */
    public Optional<StoredRecord> updateWhile(EntityType type, String organization, String id, Field field,
            Collection<String> allowed, RecordValues values) {
        return update(type, organization, id, values, field, allowed);
    }

    private Optional<StoredRecord> update(EntityType type, String organization, String id, RecordValues values,
            Field condition, Collection<String> allowed) {
        List<Assignment> assignments = assignments(type, values);
        String sql = "UPDATE " + type.table() + " SET version = version + 1, updated = now()"
                + assignments.stream().map(assignment -> ", " + assignment.column() + " = " + assignment.placeholder())
                        .collect(Collectors.joining())
                + " WHERE org_id = ? AND id = ?" + (condition == null ? "" : " AND " + condition.column() + " = ANY(?)")
                + " RETURNING " + columns(type, "");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = bind(statement, 1, assignments);
            statement.setString(index++, organization);
            statement.setString(index++, id);
            if (condition != null) {
                statement.setArray(index, connection.createArrayOf("text", allowed.toArray()));
            }
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(type, row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw translate(type, e);
        }
    }

    private Optional<StoredRecord> insert(EntityType type, String organization, RecordValues values, String onConflict) {
        List<Assignment> assignments = assignments(type, values);
        String sql = "INSERT INTO " + type.table() + " (id, org_id, version, created, updated"
                + assignments.stream().map(assignment -> ", " + assignment.column()).collect(Collectors.joining())
                + ") VALUES (?, ?, 1, now(), now()"
                + assignments.stream().map(assignment -> ", " + assignment.placeholder()).collect(Collectors.joining())
                + ")" + onConflict + " RETURNING " + columns(type, "");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, Ids.next());
            statement.setString(2, organization);
            bind(statement, 3, assignments);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(type, row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw translate(type, e);
        }
    }

    /** One column a typed write sets: a declared field (bound by its kind) or a hidden column (bound as it is). */
    private record Assignment(String column, FieldKind kind, Object value) {
        String placeholder() {
            return kind == null ? "?" : kind.placeholder();
        }
    }

    private static List<Assignment> assignments(EntityType type, RecordValues values) {
        if (values.type() != type) {
            throw new IllegalArgumentException("Values of " + values.type() + " written to " + type);
        }
        List<Assignment> assignments = new ArrayList<>();
        values.fields().forEach((field, value) -> assignments.add(new Assignment(field.column(), field.kind(), value)));
        values.hidden().forEach((column, value) -> assignments.add(new Assignment(column, null, value)));
        return assignments;
    }

    private static int bind(PreparedStatement statement, int first, List<Assignment> assignments) throws SQLException {
        int index = first;
        for (Assignment assignment : assignments) {
            if (assignment.kind() == null) {
                statement.setObject(index++, assignment.value());
            } else {
                assignment.kind().bind(statement, index++, assignment.value());
            }
        }
        return index;
    }

    /** Deletes the records and answers the ids that existed. */
    public Set<String> delete(EntityType type, String organization, Collection<String> ids) {
        return queryStrings("DELETE FROM " + type.table() + " WHERE org_id = ? AND id = ANY(?) RETURNING id, id",
                organization, ids).keySet();
    }

    private Optional<StoredRecord> findOne(EntityType type, String organization, String id, String lock) {
        String sql = "SELECT " + columns(type, "") + " FROM " + type.table() + " WHERE org_id = ? AND id = ?" + lock;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, organization);
            statement.setString(2, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(type, row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading " + type.singular() + " failed", e);
        }
    }

    private Map<String, String> queryStrings(String sql, String organization, Collection<String> values) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, organization);
            statement.setArray(2, connection.createArrayOf("text", values.toArray()));
            Map<String, String> result = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getString(1), rows.getString(2));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql, e);
        }
    }

    private static String where(EntityType type, String organization, ListQuery query, List<Object> parameters,
            List<FieldKind> kinds) {
        StringBuilder where = new StringBuilder("r.org_id = ?");
        parameters.add(organization);
        kinds.add(FieldKind.TEXT);
        for (ListQuery.Filter filter : query.filters()) {
            Field field = filter.field();
            String column = "r." + field.column();
            FieldKind kind = field.kind();
            where.append(" AND ");
            if (filter.isOnIntegrationsData()) {
                integrationsDataCondition(filter, where, parameters, kinds);
                continue;
            }
            if (kind.isList()) {
                switch (filter.operator()) {
                    case EQ -> where.append("? = ANY(").append(column).append(')');
                    case NE -> where.append("NOT (? = ANY(").append(column).append("))");
                    case IN -> where.append(column).append(" && ?");
                    default -> throw new IllegalStateException(filter.operator() + " on a list");
                }
                parameters.add(filter.operator() == Operator.IN ? filter.values() : filter.values().get(0));
                kinds.add(filter.operator() == Operator.IN ? FieldKind.TEXT_LIST : FieldKind.TEXT);
                continue;
            }
            String placeholder = kind.placeholder();
            switch (filter.operator()) {
                case EQ -> where.append(column).append(" = ").append(placeholder);
                case NE -> where.append(column).append(" IS DISTINCT FROM ").append(placeholder);
                case GT -> where.append(column).append(" > ").append(placeholder);
                case GTE -> where.append(column).append(" >= ").append(placeholder);
                case LT -> where.append(column).append(" < ").append(placeholder);
                case LTE -> where.append(column).append(" <= ").append(placeholder);
                case LIKE -> where.append(column).append(" ILIKE ").append(placeholder);
                case IN -> where.append(column).append(" IN (")
                        .append(String.join(", ", Collections.nCopies(filter.values().size(), placeholder)))
                        .append(')');
            }
            for (Object value : filter.values()) {
                parameters.add(value);
                kinds.add(filter.operator() == Operator.LIKE ? FieldKind.TEXT : kind);
            }
        }
        if (query.search() != null) {
            where.append(" AND r.search_vector @@ to_tsquery('simple', ?)");
            parameters.add(prefixQuery(query.search()));
            kinds.add(FieldKind.TEXT);
        }
        return where.toString();
    }

    /**
     * A filter on one integration's value: equality as jsonb containment, which the GIN index on
     * integrations_data answers (docs/architecture.md#integration-data: a lookup by outside id). On a list
     * whose items carry integration data (an order's lines), the containment is in the array of the items'
     * integrationsData, which an expression index of that table answers (orders_lines_integrations_data).
     */
    private static void integrationsDataCondition(ListQuery.Filter filter, StringBuilder where, List<Object> parameters,
            List<FieldKind> kinds) {
        boolean inItems = !filter.field().name().equals(EntityType.INTEGRATIONS_DATA);
        String column = "r." + filter.field().column();
        if (filter.operator() == Operator.LIKE) {
            where.append(inItems ? "EXISTS (SELECT 1 FROM jsonb_array_elements(" + column + ") AS item "
                    + "WHERE (item -> 'integrationsData' -> ? ->> ?) ILIKE ?)" : "(" + column + " -> ? ->> ?) ILIKE ?");
            parameters.addAll(List.of(filter.integration(), filter.key(), filter.values().get(0)));
            kinds.addAll(List.of(FieldKind.TEXT, FieldKind.TEXT, FieldKind.TEXT));
            return;
        }
        List<String> containments = new ArrayList<>();
        for (Object value : filter.values()) {
            containments.add(inItems ? "jsonb_path_query_array(" + column + ", '$[*].integrationsData') @> ?::jsonb"
                    : column + " @> ?::jsonb");
            ObjectNode document = FieldKind.newObject();
            document.putObject(filter.integration()).put(filter.key(), (String) value);
            parameters.add(inItems ? "[" + document + "]" : document.toString());
            kinds.add(FieldKind.TEXT);
        }
        String any = "(" + String.join(" OR ", containments) + ")";
        where.append(filter.operator() == Operator.NE ? "NOT " + any : any);
    }

    /**
     * The words of a search, each matched as a prefix and all required: {@code "red shi"} becomes
     * {@code red:* & shi:*}. Only letters and digits survive, so no tsquery syntax comes from callers.
     */
    static String prefixQuery(String search) {
        Set<String> terms = new LinkedHashSet<>();
        for (String word : search.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && terms.size() < MAX_SEARCH_TERMS) {
                terms.add(word + ":*");
            }
        }
        if (terms.isEmpty()) {
            throw ApiException.badParameter("search", "search needs at least one letter or digit");
        }
        return String.join(" & ", terms);
    }

    private static int bindAll(PreparedStatement statement, List<Object> parameters, List<FieldKind> kinds)
            throws SQLException {
        int index = 1;
        for (int i = 0; i < parameters.size(); i++) {
            kinds.get(i).bind(statement, index++, parameters.get(i));
        }
        return index;
    }

    /** Every field's column and the version, in the order {@link #read} takes them; {@code alias} is "" or "r.". */
    private static String columns(EntityType type, String alias) {
        return (alias.isEmpty() ? COLUMNS : ALIASED_COLUMNS).computeIfAbsent(type, of -> of.fields().stream()
                .map(field -> alias + field.column()).collect(Collectors.joining(", ")) + ", " + alias + "version");
    }

    private static StoredRecord read(EntityType type, ResultSet row) throws SQLException {
        ObjectNode json = FieldKind.newObject();
        int column = 1;
        for (Field field : type.fields()) {
            json.set(field.name(), field.kind().read(row, column++));
        }
        return new StoredRecord(json, row.getLong(column));
    }

    /** A unique index beat our pre-check (a concurrent writer): still a 409, not a 500. */
    private static RuntimeException translate(EntityType type, SQLException e) {
        if ("23505".equals(e.getSQLState()) || e.getNextException() != null && "23505".equals(e.getNextException().getSQLState())) {
            return new ApiException(409, "duplicate", "A " + type.singular() + " with the same unique value already exists");
        }
        return new IllegalStateException("Writing " + type.name() + " failed", e);
    }
}
