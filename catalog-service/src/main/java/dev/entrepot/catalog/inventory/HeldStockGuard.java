package dev.entrepot.catalog.inventory;

import dev.entrepot.catalog.Catalog;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.RecordChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A product or location whose stock an order holds may not be deleted (409) until the order is
 * fulfilled or cancelled; otherwise deleting one removes its stock levels with it (the ledger stays).
 */
@ApplicationScoped
class HeldStockGuard {

    private final Inventory inventory;

    HeldStockGuard(Inventory inventory) {
        this.inventory = inventory;
    }

    void refuseHeld(@Observes RecordChange change) {
        if (!change.isDelete()) {
            return;
        }
        String column = change.type() == Catalog.PRODUCTS ? "product_id" : change.type() == Catalog.LOCATIONS ? "location_id" : null;
        if (column != null && inventory.isHeld(change.organization(), column, change.id())) {
            throw new ApiException(409, "stock_reserved", "The " + change.type().singular() + " " + change.id()
                    + " has stock reserved for orders; fulfil or cancel them first");
        }
    }
}
