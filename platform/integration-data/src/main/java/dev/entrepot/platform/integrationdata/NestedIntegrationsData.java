package dev.entrepot.platform.integrationdata;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The replica of integration data kept inside another entity's records: records that are parts of a
 * record (an order's lines) rather than rows of their own. A service that has such records provides one
 * bean per entity; {@link IntegrationsDataReplica} hands it what {@value IntegrationsDataReplica#TOPIC}
 * says of that entity, with the same rule: a namespace's state is applied only if its version is newer.
 */
public interface NestedIntegrationsData {

    /** The entity's name at the authority (integrations-service), such as {@code order_lines}. */
    String entity();

    /** Sets one namespace of a record to {@code values} (an empty object removes it), if {@code version} is newer. */
    void apply(String organization, String recordId, String integration, JsonNode values, long version);

    /** Removes one namespace of a record, and its version (the namespace was purged). */
    void purge(String organization, String recordId, String integration);

    /** Empties the replica of every record (before it is read again from the topic). */
    void clear();
}
