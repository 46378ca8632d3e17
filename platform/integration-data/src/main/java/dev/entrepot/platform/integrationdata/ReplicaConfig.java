package dev.entrepot.platform.integrationdata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The replica of integration data on this service's records. */
@ConfigMapping(prefix = "entrepot.integrations-data")
public interface ReplicaConfig {

    /**
     * Whether this service consumes integrations.data into its replica; a build property (the consumer
     * is left out of a build without it), true in this module's defaults.
     */
    @WithDefault("true")
    boolean replica();

    /** {@code ENTREPOT_INTEGRATIONS_DATA_REBUILD_ON_START}: empty the replica at start and read the whole topic again. */
    @WithDefault("false")
    boolean rebuildOnStart();
}
