package dev.entrepot.platform.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a list asks for: filters, sort, search, one page, and how deep to expand relations. Built from
 * query parameters ({@link #fromParameters}) or from the body of {@code POST /things/query}
 * ({@link #fromBody}); both check every field and operator against the entity, so nothing unknown
 * ever reaches SQL.
 */
public record ListQuery(List<Filter> filters, List<SortKey> sort, String search, int limit, int offset, int depth) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    public static final int MAX_QUERY_LIMIT = 1000;
    public static final int MAX_DEPTH = 3;
    private static final int MAX_IN_VALUES = 100;
    private static final int MAX_SEARCH_LENGTH = 200;

    /** Parameters with a meaning of their own; every other parameter is a filter. */
    private static final Set<String> RESERVED = Set.of("page", "limit", "offset", "sort", "search", "depth",
            "elevation", "mode", "for_department_id");
    private static final Pattern FILTER_NAME = Pattern.compile("([A-Za-z0-9_.:-]+)(?:\\[([A-Za-z]*)])?");
    private static final Set<String> BODY_KEYS = Set.of("filter", "sort", "search", "limit", "page", "offset", "depth");

    /**
     * A condition on a field; on {@code integrationsData.<integration>.<key>} the field is integrationsData
     * and {@code integration} and {@code key} name the value compared, and on
     * {@code <field>.integrationsData.<integration>.<key>} the field is the list whose items carry it
     * ({@link Field#itemsCarryIntegrationsData}): a record matches when any item does.
     */
    public record Filter(Field field, Operator operator, List<Object> values, String integration, String key) {

        Filter(Field field, Operator operator, List<Object> values) {
            this(field, operator, values, null, null);
        }

        public boolean isOnIntegrationsData() {
            return integration != null;
        }
    }

    /** The operators a filter on an integration's value takes (they are strings, compared whole or with like). */
    private static final Set<Operator> INTEGRATIONS_DATA_OPERATORS = Set.of(Operator.EQ, Operator.NE, Operator.IN, Operator.LIKE);

    public record SortKey(Field field, boolean descending) {
    }

    /** The page number shown in the envelope (1-based). */
    public int page() {
        return offset / limit + 1;
    }

    public static ListQuery fromParameters(EntityType type, Map<String, List<String>> parameters) {
        return fromParameters(type, parameters, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /**
     * The list a request in {@code dialect} (the gateway's {@code Entrepot-Dialect}, or null) asks for:
     * Piranya's clients get as many records as one page may hold ({@link #MAX_QUERY_LIMIT}) unless they
     * say {@code limit}, as their API lists without one.
     */
    public static ListQuery fromParameters(EntityType type, Map<String, List<String>> parameters, String dialect) {
        return PiranyaDialect.speaks(dialect) ? fromParameters(type, parameters, MAX_QUERY_LIMIT, MAX_QUERY_LIMIT)
                : fromParameters(type, parameters);
    }

    private static ListQuery fromParameters(EntityType type, Map<String, List<String>> parameters, int defaultLimit, int maxLimit) {
        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (RESERVED.contains(parameter.getKey())) {
                continue;
            }
            Matcher name = FILTER_NAME.matcher(parameter.getKey());
            if (!name.matches()) {
                throw ApiException.badParameter(parameter.getKey(), "Unknown parameter '" + parameter.getKey() + "'");
            }
            for (String value : parameter.getValue()) {
                filters.add(filter(type, name.group(1), name.group(2) == null ? "eq" : name.group(2), value));
            }
        }
        int limit = number("limit", single(parameters, "limit"), defaultLimit, 1, maxLimit);
        return new ListQuery(filters, sort(type, single(parameters, "sort")), search(type, single(parameters, "search")),
                limit, offset(parameters, limit), number("depth", single(parameters, "depth"), 1, 1, MAX_DEPTH));
    }

    /**
     * The filter body of {@code POST /things/query}:
     * {@code {"filter": {"price": {"gte": 10}, "brand_id": "…", "category_ids": {"in": ["…"]}},
     * "sort": ["-price", "name_en"], "search": "…", "limit": 500, "page": 1, "depth": 2}}; every key optional.
     */
    public static ListQuery fromBody(EntityType type, JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return fromParameters(type, Map.of()).withLimit(DEFAULT_LIMIT);
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("The query body must be a JSON object");
        }
        for (Iterator<String> keys = body.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!BODY_KEYS.contains(key)) {
                throw ApiException.badParameter(key, "Unknown query key '" + key + "'; known keys: " + BODY_KEYS);
            }
        }
        List<Filter> filters = new ArrayList<>();
        JsonNode filter = body.path("filter");
        if (!filter.isMissingNode() && !filter.isNull()) {
            if (!filter.isObject()) {
                throw ApiException.badParameter("filter", "filter must be an object of field: value or field: {op: value}");
            }
            for (Map.Entry<String, JsonNode> condition : filter.properties()) {
                if (condition.getValue().isObject()) {
                    for (Map.Entry<String, JsonNode> op : condition.getValue().properties()) {
                        filters.add(filter(type, condition.getKey(), op.getKey(), parameterText(condition.getKey(), op.getValue())));
                    }
                } else {
                    filters.add(filter(type, condition.getKey(), "eq", parameterText(condition.getKey(), condition.getValue())));
                }
            }
        }
        JsonNode sort = body.path("sort");
        List<String> sortKeys = sort.isArray() ? textElements("sort", sort) : List.of();
        if (sortKeys.stream().anyMatch(key -> key == null || key.isBlank())) {
            throw ApiException.badParameter("sort", "sort is a list of field names, each with an optional - or +; "
                    + "it has an empty one");
        }
        String sortText = sort.isArray() ? String.join(",", sortKeys) : textOrNull("sort", sort);
        int limit = number("limit", textOrNull("limit", body.path("limit")), DEFAULT_LIMIT, 1, MAX_QUERY_LIMIT);
        Map<String, List<String>> paging = new HashMap<>();
        String page = textOrNull("page", body.path("page"));
        String offset = textOrNull("offset", body.path("offset"));
        if (page != null) {
            paging.put("page", List.of(page));
        }
        if (offset != null) {
            paging.put("offset", List.of(offset));
        }
        return new ListQuery(filters, sort(type, sortText), search(type, textOrNull("search", body.path("search"))),
                limit, offset(paging, limit),
                number("depth", textOrNull("depth", body.path("depth")), 1, 1, MAX_DEPTH));
    }

    /** The {@code depth} parameter of a single-record read: 1 (default) to 3. */
    public static int depth(String text) {
        return number("depth", text, 1, 1, MAX_DEPTH);
    }

    private ListQuery withLimit(int newLimit) {
        return new ListQuery(filters, sort, search, newLimit, offset, depth);
    }

    private static Filter filter(EntityType type, String fieldName, String operatorToken, String value) {
        String problem = Checks.textProblem(fieldName) != null ? Checks.textProblem(fieldName)
                : Checks.textProblem(operatorToken) != null ? Checks.textProblem(operatorToken) : Checks.textProblem(value);
        if (problem != null) {
            String shown = Checks.printable(fieldName);
            throw ApiException.badParameter(shown, "Filter " + shown + " " + problem);
        }
        if (fieldName.startsWith(EntityType.INTEGRATIONS_DATA + ".")) {
            return integrationsDataFilter(type.field(EntityType.INTEGRATIONS_DATA).orElseThrow(), fieldName,
                    fieldName.substring(EntityType.INTEGRATIONS_DATA.length() + 1), operatorToken, value);
        }
        int nested = fieldName.indexOf("." + EntityType.INTEGRATIONS_DATA + ".");
        Optional<Field> items = nested < 0 ? Optional.empty()
                : type.field(fieldName.substring(0, nested)).filter(Field::hasItemsCarryingIntegrationsData);
        if (items.isPresent()) {
            return integrationsDataFilter(items.get(), fieldName,
                    fieldName.substring(nested + EntityType.INTEGRATIONS_DATA.length() + 2), operatorToken, value);
        }
        Field field = type.field(fieldName).orElseThrow(() -> ApiException.badParameter(fieldName,
                "Unknown field '" + fieldName + "' for " + type.name()));
        Operator operator = Operator.byToken(operatorToken).orElseThrow(() -> ApiException.badParameter(fieldName,
                "Unknown operator '" + operatorToken + "' on " + fieldName + "; use one of eq, ne, gt, gte, lt, lte, in, like"));
        if (!field.kind().operators().contains(operator)) {
            throw ApiException.badParameter(fieldName, "Field '" + fieldName + "' cannot be filtered with '"
                    + operator.token() + "'" + (field.kind().operators().isEmpty() ? "" : "; it accepts " + tokens(field.kind().operators())));
        }
        List<String> texts = operator == Operator.IN ? List.of(value.split(",", -1)) : List.of(value);
        if (texts.size() > MAX_IN_VALUES) {
            throw ApiException.badParameter(fieldName, "Filter " + fieldName + "[in] takes at most " + MAX_IN_VALUES + " values");
        }
        if (operator == Operator.LIKE) {
            refuseBadPattern(fieldName, value);
        }
        List<Object> values = new ArrayList<>();
        for (String text : texts) {
            try {
                values.add(operator == Operator.LIKE ? text : field.kind().fromParameter(text));
            } catch (InvalidValue e) {
                throw ApiException.badParameter(fieldName, "Filter " + fieldName + ": '" + text + "' " + e.getMessage());
            }
        }
        return new Filter(field, operator, values);
    }

    /**
     * {@code integrationsData.<integration>.<key>} on {@code field} (integrationsData, or a list whose items
     * carry it), {@code path} being {@code <integration>.<key>}: the key may hold dots, the integration may not.
     */
    private static Filter integrationsDataFilter(Field field, String fieldName, String path, String operatorToken, String value) {
        String[] names = path.split("\\.", 2);
        if (names.length < 2 || names[0].isEmpty() || names[1].isEmpty()) {
            String prefix = fieldName.substring(0, fieldName.length() - path.length());
            throw ApiException.badParameter(fieldName, "Filter on integration data as " + prefix + "<integration>.<key>, "
                    + "e.g. " + prefix + "erp.external_id=A-17");
        }
        Operator operator = Operator.byToken(operatorToken).filter(INTEGRATIONS_DATA_OPERATORS::contains)
                .orElseThrow(() -> ApiException.badParameter(fieldName, "Filter " + fieldName + " takes eq, ne, in or like, not '"
                        + operatorToken + "'"));
        if (operator == Operator.LIKE) {
            refuseBadPattern(fieldName, value);
        }
        List<Object> values = operator == Operator.IN ? List.of((Object[]) value.split(",", -1)) : List.of(value);
        if (values.size() > MAX_IN_VALUES) {
            throw ApiException.badParameter(fieldName, "Filter " + fieldName + "[in] takes at most " + MAX_IN_VALUES + " values");
        }
        return new Filter(field, operator, values, names[0], names[1]);
    }

    private static void refuseBadPattern(String fieldName, String pattern) {
        String problem = Operator.likePatternProblem(pattern);
        if (problem != null) {
            throw ApiException.badParameter(fieldName, "Filter " + fieldName + "[like]: the pattern " + problem);
        }
    }

    private static List<SortKey> sort(EntityType type, String text) {
        List<SortKey> keys = new ArrayList<>();
        if (text == null || text.isBlank()) {
            keys.add(new SortKey(type.field(EntityType.CREATED).orElseThrow(), true));
            return keys;
        }
        for (String part : text.split(",", -1)) {
            String trimmed = part.trim();
            boolean descending = trimmed.startsWith("-");
            String fieldName = descending || trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
            if (fieldName.isEmpty()) {
                throw ApiException.badParameter("sort", "sort names fields separated by commas, each with an optional - or +, "
                        + "such as -price,name_en; '" + Checks.printable(text) + "' has an empty one");
            }
            Field field = type.field(fieldName).orElseThrow(() -> ApiException.badParameter("sort",
                    "Cannot sort by unknown field '" + Checks.printable(fieldName) + "' of " + type.name()));
            if (!field.kind().sortable()) {
                throw ApiException.badParameter("sort", "Cannot sort by '" + fieldName + "': it is a list, map or reference");
            }
            if (keys.stream().anyMatch(key -> key.field() == field)) {
                throw ApiException.badParameter("sort", "Field '" + fieldName + "' appears twice in sort");
            }
            keys.add(new SortKey(field, descending));
        }
        return keys;
    }

    private static String search(EntityType type, String text) {
        if (text == null) {
            return null;
        }
        if (!type.isSearchable()) {
            throw ApiException.badParameter("search", type.name() + " has no searchable fields");
        }
        String problem = Checks.textProblem(text);
        if (problem != null) {
            throw ApiException.badParameter("search", "search " + problem);
        }
        if (text.length() > MAX_SEARCH_LENGTH) {
            throw ApiException.badParameter("search", "search must be at most " + MAX_SEARCH_LENGTH + " characters");
        }
        return text.isBlank() ? null : text;
    }

    private static int offset(Map<String, List<String>> parameters, int limit) {
        String page = single(parameters, "page");
        String offset = single(parameters, "offset");
        if (page != null && offset != null) {
            throw ApiException.badParameter("offset", "Use page or offset, not both");
        }
        if (offset != null) {
            return number("offset", offset, 0, 0, 10_000_000);
        }
        int pageNumber = number("page", page, 1, 1, 10_000_000);
        long skipped = (long) (pageNumber - 1) * limit;
        if (skipped > 10_000_000) {
            throw ApiException.badParameter("page", "page is beyond the last possible record");
        }
        return (int) skipped;
    }

    private static int number(String name, String text, int fallback, int min, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw ApiException.badParameter(name, name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, name + " must be a whole number, got '" + text + "'");
        }
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badParameter(name, name + " may be given only once");
        }
        return values.get(0);
    }

    private static String parameterText(String field, JsonNode value) {
        if (value.isArray()) {
            return String.join(",", textElements(field, value));
        }
        String text = textOrNull(field, value);
        if (text == null) {
            throw ApiException.badParameter(field, "Filter " + field + " needs a value");
        }
        return text;
    }

    private static List<String> textElements(String field, JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(textOrNull(field, element)));
        return texts;
    }

    private static String textOrNull(String field, JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw ApiException.badParameter(field, field + " must be a string, number or boolean");
        }
        return value.asText();
    }

    private static String tokens(Set<Operator> operators) {
        return String.join(", ", operators.stream().map(Operator::token).toList());
    }
}
