package dev.entrepot.platform.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the generic API layer can be told, under {@code entrepot.*}. The service's name comes from
 * {@link dev.entrepot.platform.events.config.EventsConfig#application()}.
 */
@ConfigMapping(prefix = "entrepot")
public interface ApiConfig {

    /** {@code entrepot.record-events.*}. */
    RecordEvents recordEvents();

    interface RecordEvents {

        /**
         * {@code entrepot.record-events.enabled}: whether every record written through the generic API becomes
         * a created/updated/deleted event; off for a service that words its events itself. Default true.
         */
        @WithDefault("true")
        boolean enabled();
    }
}
