package dev.entrepot.platform.contracts;

/**
 * Stock changes on {@link Topics#INVENTORY}, published by catalog-service. orders-service confirms a
 * pending order on {@link InventoryReserved} and rejects it on {@link InventoryReservationRejected}.
 * Reservation events have the order id as their subject (and Kafka key), an adjustment its product id.
 */
public sealed interface InventoryEvent extends Event
        permits InventoryAdjusted, InventoryReserved, InventoryReservationRejected, InventoryReleased, InventoryCommitted {

    @Override
    default String topic() {
        return Topics.INVENTORY;
    }
}
