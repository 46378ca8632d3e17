package dev.entrepot.platform.contracts;

/**
 * The topics of the order saga, and how the topics and type names of record events are formed. A
 * consumer's channel is named after its topic ({@code @Incoming(Topics.ORDERS)}), so these constants are
 * also the {@code mp.messaging.incoming.<topic>.*} property names.
 */
public final class Topics {

    /** orders-service's order lifecycle ({@link OrderEvent}). */
    public static final String ORDERS = "orders.orders";

    /** catalog-service's stock changes and reservation outcomes ({@link InventoryEvent}). */
    public static final String INVENTORY = "catalog.inventory";

    /** catalog-service's product records (created, updated, deleted; {@link RecordEventNames}). */
    public static final String PRODUCTS = "catalog.products";

    private Topics() {
    }

    /** Where a consumer's dead-letter queue sends what it could not apply: {@code <topic>.dlq}. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
