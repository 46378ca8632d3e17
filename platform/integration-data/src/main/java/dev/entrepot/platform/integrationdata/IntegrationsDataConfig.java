package dev.entrepot.platform.integrationdata;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where and how patiently an entity service reaches integrations-service (defaults in this module's microprofile-config.properties). */
@ConfigMapping(prefix = "entrepot.integrations")
public interface IntegrationsDataConfig {

    /** integrations-service's base address; {@code INTEGRATIONS_URL}, by default http://127.0.0.1:8084. */
    String url();

    /** A write answered later than this is a 503 (nothing written here). */
    @WithDefault("PT5S")
    Duration timeout();

    /**
     * A batch write (a bulk request's integration data, up to 1000 records) answered later than this is a
     * 503; the authority writes it in one transaction, which takes longer than one record's.
     */
    @WithDefault("PT30S")
    Duration batchTimeout();

    /** Opening a connection to integrations-service takes at most this. */
    @WithDefault("PT2S")
    Duration connectTimeout();
}
