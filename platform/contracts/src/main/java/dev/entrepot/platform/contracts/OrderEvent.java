package dev.entrepot.platform.contracts;

/**
 * The order lifecycle on {@link Topics#ORDERS}, one record per step; each carries the order after the
 * step (its JSON is the order's JSON). Published by orders-service; catalog-service reserves stock on
 * {@link OrderPlaced}, releases it on {@link OrderCancelled} and commits it on {@link OrderFulfilled}.
 */
public sealed interface OrderEvent extends Event
        permits OrderPlaced, OrderConfirmed, OrderRejected, OrderCancelled, OrderFulfilled, OrderDelivered {

    Order order();

    @Override
    default String topic() {
        return Topics.ORDERS;
    }

    /**
     * The event of an order step by its {@code <happened>} word: {@code placed}, or the status a step
     * led to ({@code confirmed}, {@code rejected}, {@code cancelled}, {@code fulfilled}, {@code delivered}).
     */
    static OrderEvent of(String happened, Order order) {
        return switch (happened) {
            case "placed" -> new OrderPlaced(order);
            case "confirmed" -> new OrderConfirmed(order);
            case "rejected" -> new OrderRejected(order);
            case "cancelled" -> new OrderCancelled(order);
            case "fulfilled" -> new OrderFulfilled(order);
            case "delivered" -> new OrderDelivered(order);
            default -> throw new IllegalArgumentException("No order event " + happened);
        };
    }
}
