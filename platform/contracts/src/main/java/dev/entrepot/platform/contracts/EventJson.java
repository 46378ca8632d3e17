package dev.entrepot.platform.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The one Jackson configuration for event payloads, on both sides: decimals stay exactly as written
 * (an order's {@code 12.50} must not arrive as {@code 12.5} or as a double), so a record carried as
 * JSON nodes round-trips unchanged.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private EventJson() {
    }

    /** The payload as the {@code data} of its CloudEvent. */
    public static JsonNode toTree(Event event) {
        return MAPPER.valueToTree(event);
    }

    /**
     * The JSON text of {@code value}: a payload, or a CloudEvent holding one in its {@code data}. The same text
     * as writing {@link #toTree} would give, in one pass (no tree in between).
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads a CloudEvent's {@code data} as {@code type}; an {@link IllegalArgumentException} when it does not fit. */
    public static <T> T fromTree(JsonNode data, Class<T> type) {
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": its data is not a JSON object");
        }
        try {
            return MAPPER.treeToValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
