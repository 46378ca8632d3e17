package dev.entrepot.platform.integrationdata.contract;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What integrations-service, the authority on integration data, and the entity services that keep a
 * replica of it agree on (docs/integration-data.md): each side imports these instead of spelling them.
 */
public final class IntegrationDataContract {

    /** The compacted topic of every namespace's last state, keyed by {@link #key}; a purged namespace is a tombstone. */
    public static final String TOPIC = "integrations.data";
    /** The type of the event whose data is a {@link Changed}. */
    public static final String CHANGED = "entrepot.integrations.data.changed.v1";
    /** integrations-service's internal resource of one record's integration data (not routed by the gateway). */
    public static final String PATH = "/internal/v1/integrations-data/{entity}/{id}";
    /**
     * The same for many records of one entity at once (a bulk write, or withdrawing data written for
     * records that turned out not to exist): {@code PATCH} with
     * {@code {"data": [{"record_id": …, "integrationsData": {…}}, …]}} writes every record's patch or none,
     * answering a {@link BatchAnswer}; a refusal's errors carry the index of the item.
     */
    public static final String BATCH_PATH = "/internal/v1/integrations-data/{entity}";
    /** The query parameter of a write naming the caller's elevation ({@code user} or {@code admin}). */
    public static final String ELEVATION = "elevation";

    /** Keys one integration may keep on one record, once a patch is applied. */
    public static final int MAX_KEYS = 20;
    /** A key's length in UTF-8 bytes: 1 to this. */
    public static final int MAX_KEY_BYTES = 64;
    /** A value's length in UTF-8 bytes: at most this. */
    public static final int MAX_VALUE_BYTES = 1024;

    private IntegrationDataContract() {
    }

    /** One integration's data on one record, and the version that wrote it (versions come from one sequence). */
    public record NamespaceState(String integration, Map<String, String> values, long version) {
    }

    /** The answer of a write ({@code PATCH} on {@link #PATH}): the new state of each namespace it named. */
    public record WriteAnswer(List<NamespaceState> data) {
    }

    /** One record's namespaces as a batch write ({@link #BATCH_PATH}) left them. */
    public record RecordWritten(@JsonProperty("record_id") String recordId, List<NamespaceState> namespaces) {
    }

    /** The answer of a batch write: one {@link RecordWritten} per item, in the order sent. */
    public record BatchAnswer(List<RecordWritten> data) {
    }

    /** The data of a {@link #CHANGED} event: a namespace's whole new state (no values: the namespace is gone). */
    public record Changed(String entity, @JsonProperty("record_id") String recordId, String integration,
            Map<String, String> values, long version) {
    }

    /** A namespace as a Kafka key names it. */
    public record Key(String organization, String entity, String recordId, String integration) {
    }

    /** The Kafka key of a namespace: one key per record and integration, which compaction keeps the last value of. */
    public static String key(String organization, String entity, String recordId, String integration) {
        return organization + "/" + entity + "/" + recordId + "/" + integration;
    }

    /** The namespace a message's key names, or null if the key is not one of {@link #key}'s. */
    public static Key parseKey(String key) {
        String[] parts = key == null ? new String[0] : key.split("/", 4);
        return parts.length < 4 ? null : new Key(parts[0], parts[1], parts[2], parts[3]);
    }
}
