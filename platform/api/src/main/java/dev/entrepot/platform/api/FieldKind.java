package dev.entrepot.platform.api;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a field holds, and everything that follows from it: how a JSON (or XML) value and a query
 * parameter become a Java value, how that value goes into and comes out of PostgreSQL, and which
 * filter operators make sense.
 * <p>
 * Java values: text and references are {@code String}, booleans {@code Boolean}, decimals
 * {@code BigDecimal} (never a float), integers {@code Long}, timestamps {@code OffsetDateTime} in UTC,
 * lists {@code List<String>} and maps {@code Map<String, String>}. Numbers and booleans are also
 * accepted as text, which is how XML carries them.
 */
public enum FieldKind {

    TEXT(EnumSet.allOf(Operator.class), true) {
        @Override
        Object fromJsonValue(JsonNode node) {
            if (!node.isTextual()) {
                throw new InvalidValue("must be a string");
            }
            return node.textValue();
        }
    },
    BOOLEAN(EnumSet.of(Operator.EQ, Operator.NE), true) {
        @Override
        Object fromJsonValue(JsonNode node) {
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            return fromParameter(node.isTextual() ? node.textValue() : node.toString());
        }

        @Override
        public Object fromParameter(String text) {
            return switch (text) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new InvalidValue("must be true or false");
            };
        }

        @Override
        JsonNode read(ResultSet row, int column) throws SQLException {
            boolean value = row.getBoolean(column);
            return row.wasNull() ? NULL : JSON.booleanNode(value);
        }
    },
    DECIMAL(Operators.ORDERED, true) {
        @Override
        Object fromJsonValue(JsonNode node) {
            if (node.isNumber()) {
                return withinPrecision(node.decimalValue());
            }
            if (node.isTextual()) {
                return fromParameter(node.textValue());
            }
            throw new InvalidValue("must be a decimal number");
        }

        @Override
        public Object fromParameter(String text) {
            try {
                return withinPrecision(new BigDecimal(text.trim()));
            } catch (NumberFormatException e) {
                throw new InvalidValue("must be a decimal number");
            }
        }

        @Override
        JsonNode read(ResultSet row, int column) throws SQLException {
            BigDecimal value = row.getBigDecimal(column);
            if (value == null) {
                return NULL;
            }
            BigDecimal stripped = value.stripTrailingZeros();
            return JSON.numberNode(stripped.scale() < 0 ? stripped.setScale(0) : stripped);
        }
    },
    INTEGER(Operators.ORDERED, true) {
        @Override
        Object fromJsonValue(JsonNode node) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.longValue();
            }
            if (node.isTextual()) {
                return fromParameter(node.textValue());
            }
            throw new InvalidValue("must be a whole number");
        }

        @Override
        public Object fromParameter(String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new InvalidValue("must be a whole number");
            }
        }

        @Override
        JsonNode read(ResultSet row, int column) throws SQLException {
            long value = row.getLong(column);
            return row.wasNull() ? NULL : JSON.numberNode(value);
        }
    },
    TIMESTAMP(Operators.ORDERED, true) {
        @Override
        Object fromJsonValue(JsonNode node) {
            if (!node.isTextual()) {
                throw new InvalidValue("must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z");
            }
            return fromParameter(node.textValue());
        }

        @Override
        public Object fromParameter(String text) {
            try {
                return OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new InvalidValue("must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z");
            }
        }

        @Override
        void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setObject(index, value, Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        JsonNode read(ResultSet row, int column) throws SQLException {
            OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
            return value == null ? NULL : JSON.textNode(format(value.toInstant()));
        }
    },
    REFERENCE(EnumSet.of(Operator.EQ, Operator.NE, Operator.IN), false) {
        @Override
        Object fromJsonValue(JsonNode node) {
            if (!node.isTextual() || !Ids.isWellFormed(node.textValue())) {
                throw new InvalidValue("must be a record id (15 characters a-z, 0-9)");
            }
            return node.textValue();
        }
    },
    REFERENCE_LIST(EnumSet.of(Operator.EQ, Operator.NE, Operator.IN), false, Storage.TEXT_ARRAY) {
        @Override
        Object fromJsonValue(JsonNode node) {
            List<String> ids = new ArrayList<>();
            for (JsonNode element : elements(node)) {
                if (!element.isTextual() || !Ids.isWellFormed(element.textValue())) {
                    throw new InvalidValue("must be a list of record ids (15 characters a-z, 0-9)");
                }
                if (!ids.contains(element.textValue())) {
                    ids.add(element.textValue());
                }
            }
            return List.copyOf(ids);
        }

    },
    TEXT_LIST(EnumSet.of(Operator.EQ, Operator.NE, Operator.IN), false, Storage.TEXT_ARRAY) {
        @Override
        Object fromJsonValue(JsonNode node) {
            List<String> values = new ArrayList<>();
            for (JsonNode element : elements(node)) {
                if (!element.isTextual()) {
                    throw new InvalidValue("must be a list of strings");
                }
                values.add(element.textValue());
            }
            return List.copyOf(values);
        }

    },
    TEXT_MAP(EnumSet.noneOf(Operator.class), false, Storage.JSONB) {
        @Override
        Object fromJsonValue(JsonNode node) {
            if (node.isTextual() && node.textValue().isEmpty()) {
                return Map.of(); // an empty XML element
            }
            return textMap(node, "must be an object of string values");
        }

        @Override
        JsonNode read(ResultSet row, int column) throws SQLException {
            return readJson(row, column, JSON.objectNode());
        }
    },
    /** A list of objects of string values, such as a customer's addresses (a {@code jsonb} array). */
    TEXT_MAP_LIST(EnumSet.noneOf(Operator.class), false, Storage.JSONB) {
        @Override
        Object fromJsonValue(JsonNode node) {
            List<Map<String, String>> maps = new ArrayList<>();
            for (JsonNode element : elements(node)) {
                maps.add(textMap(element, "must be a list of objects of string values"));
            }
            return List.copyOf(maps);
        }

        @Override
        JsonNode read(ResultSet row, int column) throws SQLException {
            return readJson(row, column, JSON.arrayNode());
        }
    },
    /** Whatever JSON the service stored (see {@link Field#json}); callers never write it. */
    JSON_DOCUMENT(EnumSet.noneOf(Operator.class), false, Storage.JSONB) {
        @Override
        Object fromJsonValue(JsonNode node) {
            return node;
        }

        @Override
        JsonNode read(ResultSet row, int column) throws SQLException {
            return readJson(row, column, NULL);
        }
    };

    /** Operators of kinds with an order: numbers and timestamps (like is for text only). */
    private interface Operators {
        Set<Operator> ORDERED = EnumSet.complementOf(EnumSet.of(Operator.LIKE));
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    private static final JsonNode NULL = JSON.nullNode();

    private final Set<Operator> operators;
    private final boolean sortable;
    private final Storage storage;

    /** How a value sits in its column: as itself, as a {@code text[]}, or as {@code jsonb}. */
    private enum Storage {
        PLAIN, TEXT_ARRAY, JSONB
    }

    FieldKind(Set<Operator> operators, boolean sortable) {
        this(operators, sortable, Storage.PLAIN);
    }

    FieldKind(Set<Operator> operators, boolean sortable, Storage storage) {
        this.operators = operators;
        this.sortable = sortable;
        this.storage = storage;
    }

    /** The filter operators this kind supports. */
    public Set<Operator> operators() {
        return operators;
    }

    public boolean sortable() {
        return sortable;
    }

    /** A list of text (a PostgreSQL {@code text[]}). */
    public boolean isList() {
        return storage == Storage.TEXT_ARRAY;
    }

    /** A request body value; JSON null is the caller's business (see {@link Field#parse}). */
    abstract Object fromJsonValue(JsonNode node);

    /** A query-parameter value (for lists: one element). */
    public Object fromParameter(String text) {
        return text;
    }

    String placeholder() {
        return storage == Storage.JSONB ? "?::jsonb" : "?";
    }

    void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (storage) {
            case TEXT_ARRAY -> bindTextArray(statement, index, value);
            case JSONB -> bindJson(statement, index, value);
            case PLAIN -> statement.setObject(index, value);
        }
    }

    JsonNode read(ResultSet row, int column) throws SQLException {
        if (isList()) {
            return readTextArray(row, column);
        }
        String value = row.getString(column);
        return value == null ? NULL : JSON.textNode(value);
    }

    /** RFC 3339 in UTC with millisecond precision, the one timestamp format of the API. */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /** {@code numeric(19,4)}: a value the column would round or refuse is refused here, whatever its form. */
    private static BigDecimal withinPrecision(BigDecimal value) {
        if (value.precision() - value.scale() > 15 || value.scale() > 4) {
            throw new InvalidValue("must have at most 15 digits before and 4 after the decimal point");
        }
        return value;
    }

    private static Map<String, String> textMap(JsonNode node, String problem) {
        if (!node.isObject()) {
            throw new InvalidValue(problem);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new InvalidValue(problem + " ('" + entry.getKey() + "' is not a string)");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    private static void bindJson(PreparedStatement statement, int index, Object value) throws SQLException {
        try {
            statement.setString(index, value == null ? null : MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readJson(ResultSet row, int column, JsonNode whenNull) throws SQLException {
        String json = row.getString(column);
        if (json == null) {
            return whenNull;
        }
        // The usual value of a map (integrationsData of a record no integration wrote to), with no parser made for it.
        if (json.equals("{}")) {
            return JSON.objectNode();
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON of column " + column + " does not parse", e);
        }
    }

    private static Iterable<JsonNode> elements(JsonNode node) {
        if (node.isArray()) {
            return node;
        }
        if (node.isTextual() && node.textValue().isEmpty()) {
            return List.of(); // an empty XML element
        }
        throw new InvalidValue("must be a list");
    }

    private static void bindTextArray(PreparedStatement statement, int index, Object value) throws SQLException {
        @SuppressWarnings("unchecked")
        List<String> list = value == null ? List.of() : (List<String>) value;
        Array array = statement.getConnection().createArrayOf("text", list.toArray());
        statement.setArray(index, array);
    }

    private static JsonNode readTextArray(ResultSet row, int column) throws SQLException {
        Array array = row.getArray(column);
        ArrayNode node = JSON.arrayNode();
        if (array != null) {
            for (Object element : (Object[]) array.getArray()) {
                node.add((String) element);
            }
        }
        return node;
    }

    static ObjectNode newObject() {
        return JSON.objectNode();
    }
}
