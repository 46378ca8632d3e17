package dev.entrepot.orders.placement;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.api.Ids;

/**
 * The lines of a {@code POST /orders} body, read and then priced from the catalog's products; pure
 * logic, every problem collected as a {@link FieldError} such as {@code lines[2].quantity}.
 */
public final class OrderRequest {

    public static final int MAX_LINES = 100;
    public static final long MAX_QUANTITY = 100_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    private static final Set<String> LINE_KEYS = Set.of("product_id", "quantity");

    /** A line as the caller sent it. */
    public record Line(String productId, long quantity) {
    }

    /** Lines with their prices, and what they add up to. */
    public record Priced(ArrayNode lines, long quantity, BigDecimal subtotal) {
    }

    private OrderRequest() {
    }

    /** The lines of the body ({@code lines}: 1 to 100 objects {product_id, quantity}); problems go to {@code errors}. */
    public static List<Line> lines(JsonNode body, List<FieldError> errors) {
        JsonNode lines = body == null ? null : body.get("lines");
        if (lines == null || !lines.isArray() || lines.isEmpty() || lines.size() > MAX_LINES) {
            errors.add(FieldError.of("lines", "lines must be a list of 1 to " + MAX_LINES + " lines {product_id, quantity}"));
            return List.of();
        }
        List<Line> read = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String at = "lines[" + i + "]";
            if (!line.isObject()) {
                errors.add(FieldError.of(at, at + " must be an object {product_id, quantity}"));
                continue;
            }
            for (Map.Entry<String, JsonNode> property : line.properties()) {
                if (!LINE_KEYS.contains(property.getKey())) {
                    errors.add(FieldError.of(at + "." + property.getKey(), "Unknown field '" + property.getKey()
                            + "' in a line: a line has product_id and quantity, and its price comes from the catalog"));
                }
            }
            JsonNode product = line.get("product_id");
            if (product == null || !product.isTextual() || product.textValue().isBlank()) {
                errors.add(FieldError.of(at + ".product_id", at + ".product_id is required"));
            }
            long quantity = quantity(line.get("quantity"));
            if (quantity < 1 || quantity > MAX_QUANTITY) {
                errors.add(FieldError.of(at + ".quantity", at + ".quantity must be a whole number from 1 to " + MAX_QUANTITY));
            }
            if (product != null && product.isTextual()) {
                read.add(new Line(product.textValue(), quantity));
            }
        }
        return read;
    }

    /** A whole number (or its text, as XML carries it); anything else is -1, which no rule accepts. */
    private static long quantity(JsonNode node) {
        if (node == null) {
            return -1;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual() && node.textValue().matches("[0-9]{1,9}")) {
            return Long.parseLong(node.textValue());
        }
        return -1;
    }

    /** The distinct product ids of the lines, in order. */
    public static Set<String> productIds(List<Line> lines) {
        Set<String> ids = new LinkedHashSet<>();
        lines.forEach(line -> ids.add(line.productId()));
        return ids;
    }

    /**
     * Prices each line from its product as the catalog has it: the product must exist, be enabled and
     * have a price in the order's currency (a product without a currency is taken to be in it). Each line
     * gets an id of its own, by which integrations keep data on it (docs/integration-data.md, Order lines).
     */
    public static Priced price(List<Line> lines, Map<String, JsonNode> products, String currency, List<FieldError> errors) {
        ArrayNode priced = JSON.arrayNode();
        long quantity = 0;
        BigDecimal subtotal = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String field = "lines[" + i + "].product_id";
            JsonNode product = products.get(line.productId());
            if (product == null) {
                errors.add(FieldError.of(field, "No product with id " + line.productId()));
                continue;
            }
            String productCurrency = product.path("currency").asText(null);
            if (!product.path("is_enabled").asBoolean(true)) {
                errors.add(FieldError.of(field, "Product " + line.productId() + " is disabled"));
            } else if (!product.path("price").isNumber()) {
                errors.add(FieldError.of(field, "Product " + line.productId() + " has no price"));
            } else if (productCurrency != null && !productCurrency.equals(currency)) {
                errors.add(FieldError.of(field, "Product " + line.productId() + " is priced in " + productCurrency
                        + ", the order is in " + currency));
            } else {
                BigDecimal unitPrice = product.path("price").decimalValue();
                BigDecimal total = unitPrice.multiply(BigDecimal.valueOf(line.quantity()));
                ObjectNode pricedLine = priced.addObject();
                pricedLine.put(EntityType.ID, Ids.next());
                pricedLine.put("product_id", line.productId());
                pricedLine.set("sku", product.path("sku"));
                pricedLine.set("name", product.path("name_en"));
                pricedLine.put("quantity", line.quantity());
                pricedLine.put("unit_price", unitPrice);
                pricedLine.put("total", total);
                pricedLine.putObject(EntityType.INTEGRATIONS_DATA);
                quantity += line.quantity();
                subtotal = subtotal.add(total);
            }
        }
        return new Priced(priced, quantity, subtotal);
    }
}
