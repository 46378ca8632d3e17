package dev.entrepot.orders.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where and how patiently orders-service asks catalog-service for prices. */
@ConfigMapping(prefix = "entrepot.catalog")
public interface CatalogConfig {

    /** catalog-service's base address; {@code CATALOG_URL}, by default http://127.0.0.1:8081 (application.properties). */
    String url();

    /**
     * One lookup answered later than this counts as failed (and is tried again, see
     * {@link dev.entrepot.orders.client.CatalogLookups}).
     */
    @WithDefault("PT5S")
    Duration timeout();

    /** Opening a connection to catalog-service takes at most this. */
    @WithDefault("PT2S")
    Duration connectTimeout();
}
