package dev.entrepot.platform.api;

/**
 * Which of the generic writes an {@link EntityResource} answers; every other write is a 405, exactly as
 * for a method the resource does not have. A resource that creates its records its own way (an order, an
 * inventory adjustment) says so with {@link EntityResource#creation()}, whatever its policy.
 */
public enum WritePolicy {

    /** Create, replace, patch and delete, one record or many. */
    ALL,
    /**
     * Only a PATCH (or POST) of one record's integrationsData: the record's own fields change through the
     * service's actions (an order's lifecycle).
     */
    INTEGRATION_DATA_ONLY,
    /** Read-only: the service alone writes these records (stock levels, the ledger, reservations). */
    NONE
}
