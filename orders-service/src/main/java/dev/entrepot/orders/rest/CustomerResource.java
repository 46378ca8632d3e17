package dev.entrepot.orders.rest;

import dev.entrepot.orders.Orders;
import dev.entrepot.platform.api.EntityResource;
import dev.entrepot.platform.api.EntityType;
import jakarta.ws.rs.Path;

@Path("/api/v1/customers")
public class CustomerResource extends EntityResource {

    @Override
    protected EntityType type() {
        return Orders.CUSTOMERS;
    }
}
