package dev.entrepot.platform.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@link EntityService} needs to write a record's integration data: a service keeps integration
 * data when a bean implements this (platform-integration-data does); without one, integration data in a
 * body is refused. The write at the authority is a remote call, so {@link EntityService} makes it with no
 * transaction open and no row locked, and records the answer in its own short transaction
 * (docs/integration-data.md, How it is kept).
 */
public interface IntegrationsDataWrites {

    /** A namespace as the authority wrote it: its whole new state and version. */
    record Namespace(String integration, JsonNode values, long version) {
    }

    /**
     * Writes {@code patch} ({@code {"<integration>": {"<key>": value or null}}}) for a record at the
     * authority, with the caller's token, and answers with each written namespace's new state. Throws the
     * authority's refusal (403, 422) as it is, or a 503 when it cannot be reached.
     */
    List<Namespace> write(EntityType type, String recordId, ObjectNode patch, Caller caller);

    /**
     * {@link #write} for many records of one entity (a bulk request): every patch or none. Answers each
     * record's namespaces by record id; a refusal's errors carry the index of the item in {@code patches}.
     */
    Map<String, List<Namespace>> writeMany(EntityType type, Map<String, ObjectNode> patches, Caller caller);

    /** Applies written namespaces to this service's replica, in the caller's transaction. */
    void apply(String organization, EntityType type, String recordId, List<Namespace> written);

    /**
     * Takes back, as far as it can, namespaces written for records that turned out not to exist (deleted
     * meanwhile, or a create that failed after the write), by record id: their keys are deleted at the
     * authority, in one call. A failure is logged, not thrown.
     */
    void withdraw(EntityType type, Map<String, List<Namespace>> written, Caller caller);
}
