package dev.entrepot.orders.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.api.FieldError;

/** Reading and pricing an order's lines, without any service. */
class OrderRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void linesArePricedExactlyFromTheCatalog() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        List<OrderRequest.Line> lines = OrderRequest.lines(json("{\"lines\":[{\"product_id\":\"a\",\"quantity\":3},"
                + "{\"product_id\":\"b\",\"quantity\":\"2\"},{\"product_id\":\"a\",\"quantity\":1}]}"), errors);
        Map<String, JsonNode> products = Map.of(
                "a", json("{\"id\":\"a\",\"sku\":\"A\",\"price\":0.1,\"currency\":\"SAR\",\"is_enabled\":true}"),
                "b", json("{\"id\":\"b\",\"sku\":\"B\",\"price\":19.99,\"is_enabled\":true}"));

        OrderRequest.Priced priced = OrderRequest.price(lines, products, "SAR", errors);

        assertThat(errors).isEmpty();
        assertThat(OrderRequest.productIds(lines)).containsExactly("a", "b");
        assertThat(priced.quantity()).isEqualTo(6);
        assertThat(priced.subtotal()).isEqualByComparingTo(new BigDecimal("40.38")); // 0.3 + 39.98 + 0.1, no float drift
        assertThat(priced.lines().get(0).path("total").decimalValue()).isEqualByComparingTo("0.3");
        assertThat(priced.lines().get(1).path("sku").asText()).isEqualTo("B");
    }

    @Test
    void everyBadLineIsNamed() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        OrderRequest.lines(json("{\"lines\":[{\"quantity\":1},{\"product_id\":\"a\",\"quantity\":-1},\"x\","
                + "{\"product_id\":\"a\",\"quantity\":1,\"price\":1}]}"), errors);
        assertThat(errors).extracting(FieldError::field)
                .containsExactly("lines[0].product_id", "lines[1].quantity", "lines[2]", "lines[3].price");

        errors.clear();
        OrderRequest.lines(json("{\"lines\":" + "[{\"product_id\":\"a\",\"quantity\":1}]".repeat(1)
                .replace("]", ",{\"product_id\":\"a\",\"quantity\":1}".repeat(OrderRequest.MAX_LINES) + "]") + "}"), errors);
        assertThat(errors).extracting(FieldError::field).containsExactly("lines");
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }
}
