package dev.entrepot.platform.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Stock of one product at one location held for an order (reserved, then released or committed). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeldStock(@JsonProperty("product_id") String productId, @JsonProperty("location_id") String locationId,
        long quantity) {
}
