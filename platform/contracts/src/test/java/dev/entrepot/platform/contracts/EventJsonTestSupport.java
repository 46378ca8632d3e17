package dev.entrepot.platform.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** JSON read the way the services hold records: decimals exact, as platform-api builds them. */
final class EventJsonTestSupport {

    private static final JsonMapper EXACT = JsonMapper.builder().nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private EventJsonTestSupport() {
    }

    static JsonNode exact(String json) {
        try {
            return EXACT.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
