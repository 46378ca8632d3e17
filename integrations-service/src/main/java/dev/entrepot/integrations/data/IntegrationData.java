package dev.entrepot.integrations.data;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.events.Outbox;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.Changed;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.NamespaceState;
import dev.entrepot.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The authoritative integration data (docs/architecture.md#integration-data): one row per organization, entity, record and
 * integration. Every change is published on the compacted topic {@value IntegrationDataContract#TOPIC}, keyed by the namespace,
 * with the namespace's whole new state and a version from one sequence, so a replica applies a state
 * only if it is newer than the one it holds; a purged namespace becomes a tombstone.
 */
@ApplicationScoped
@Transactional
public class IntegrationData {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> KEYS = new TypeReference<>() {
    };

    private final Sql sql;
    private final Outbox outbox;

    IntegrationData(Sql sql, Outbox outbox) {
        this.sql = sql;
        this.outbox = outbox;
    }

    /** One integration's data on one record, and the version that wrote it. */
    public record Namespace(String integration, Map<String, String> values, long version) {
    }

    /**
     * Applies {@code patch} to a record: every namespace it names, or nothing (a 422 naming each key that
     * would break the key-count limit). Answers with the new state of each namespace the patch names.
     */
    public List<Namespace> write(String organization, String entity, String recordId, DataPatch patch) {
        List<FieldError> errors = new ArrayList<>();
        List<Namespace> written = write(organization, entity, recordId, patch, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return written;
    }

    /** {@link #write}, its problems added to {@code errors} (then nothing is written, and null answered). */
    private List<Namespace> write(String organization, String entity, String recordId, DataPatch patch, List<FieldError> errors) {
        int problems = errors.size();
        Map<String, Map<String, String>> before = new LinkedHashMap<>();
        Map<String, Map<String, String>> after = new LinkedHashMap<>();
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String integration : patch.integrations()) { // name order: concurrent writers lock alike
            sql.update("INSERT INTO integration_data (org_id, entity, record_id, integration, data, version, updated) "
                    + "VALUES (?, ?, ?, ?, '{}', 0, now()) ON CONFLICT DO NOTHING", organization, entity, recordId, integration);
            Namespace current = sql.one("SELECT data::text, version FROM integration_data WHERE org_id = ? AND entity = ? "
                    + "AND record_id = ? AND integration = ? FOR UPDATE", row -> new Namespace(integration, keys(row.getString(1)),
                            row.getLong(2)), organization, entity, recordId, integration).orElseThrow();
            before.put(integration, current.values());
            versions.put(integration, current.version());
            after.put(integration, patch.applyTo(integration, before.get(integration), errors));
        }
        if (errors.size() > problems) {
            return null;
        }
        List<Namespace> written = new ArrayList<>();
        for (String integration : patch.integrations()) {
            Map<String, String> values = after.get(integration);
            long version = versions.get(integration);
            if (values.equals(before.get(integration))) {
                if (values.isEmpty()) { // deleting keys that were never there: drop the placeholder row
                    delete(organization, entity, recordId, integration);
                }
                written.add(new Namespace(integration, values, version));
                continue;
            }
            version = sql.one("SELECT nextval('integration_data_version')", row -> row.getLong(1)).orElseThrow();
            if (values.isEmpty()) {
                delete(organization, entity, recordId, integration);
            } else {
                sql.update("UPDATE integration_data SET data = ?::jsonb, version = ?, updated = now() WHERE org_id = ? "
                        + "AND entity = ? AND record_id = ? AND integration = ?", json(values), version, organization, entity,
                        recordId, integration);
            }
            Namespace namespace = new Namespace(integration, values, version);
            outbox.add(IntegrationDataContract.TOPIC, IntegrationDataContract.CHANGED,
                    IntegrationDataContract.key(organization, entity, recordId, integration), organization,
                    event(entity, recordId, namespace));
            written.add(namespace);
        }
        return written;
    }

    /**
     * Applies one patch per record, for many records of one entity: all of them or none (a 422 naming
     * each item and key that would break a limit). Records are written in id order, so concurrent batches
     * lock alike. Answers each record's namespaces in the order of {@code patches}.
     */
    public List<List<Namespace>> writeMany(String organization, String entity, List<Map.Entry<String, DataPatch>> patches) {
        List<Integer> byRecord = new ArrayList<>();
        for (int i = 0; i < patches.size(); i++) {
            byRecord.add(i);
        }
        byRecord.sort(Comparator.comparing(i -> patches.get(i).getKey()));
        List<List<Namespace>> written = new ArrayList<>(Collections.nCopies(patches.size(), List.of()));
        List<FieldError> errors = new ArrayList<>();
        for (int i : byRecord) { // after a problem, the others are still checked, then all rolled back
            List<FieldError> itemErrors = new ArrayList<>();
            written.set(i, write(organization, entity, patches.get(i).getKey(), patches.get(i).getValue(), itemErrors));
            itemErrors.forEach(error -> errors.add(error.at(i)));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::index));
            throw ApiException.validation(errors);
        }
        return written;
    }

    /** Every integration's data on a record, by integration name. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Namespace> read(String organization, String entity, String recordId) {
        return sql.list("SELECT integration, data::text, version FROM integration_data WHERE org_id = ? AND entity = ? "
                + "AND record_id = ? ORDER BY integration", row -> new Namespace(row.getString(1), keys(row.getString(2)),
                        row.getLong(3)), organization, entity, recordId);
    }

    /** A deleted record's data, every integration's; returns how many namespaces went. */
    public int purgeRecord(String organization, String entity, String recordId) {
        List<String> integrations = sql.list("DELETE FROM integration_data WHERE org_id = ? AND entity = ? AND record_id = ? "
                + "RETURNING integration", row -> row.getString(1), organization, entity, recordId);
        integrations.forEach(integration -> outbox.tombstone(IntegrationDataContract.TOPIC, IntegrationDataContract.key(organization, entity, recordId, integration)));
        return integrations.size();
    }

    /**
     * A deleted integration's data on every record, as written up to {@code deletedAt}: a namespace
     * written after it belongs to a new integration of the same name. Returns how many namespaces went.
     */
    public int purgeIntegration(String organization, String integration, OffsetDateTime deletedAt) {
        List<String[]> records = sql.list("DELETE FROM integration_data WHERE org_id = ? AND integration = ? AND updated <= ? "
                + "RETURNING entity, record_id", row -> new String[] { row.getString(1), row.getString(2) }, organization,
                integration, deletedAt);
        records.forEach(record -> outbox.tombstone(IntegrationDataContract.TOPIC,
                IntegrationDataContract.key(organization, record[0], record[1], integration)));
        return records.size();
    }

    private void delete(String organization, String entity, String recordId, String integration) {
        sql.update("DELETE FROM integration_data WHERE org_id = ? AND entity = ? AND record_id = ? AND integration = ?",
                organization, entity, recordId, integration);
    }

    static ObjectNode event(String entity, String recordId, Namespace namespace) {
        return MAPPER.valueToTree(new Changed(entity, recordId, namespace.integration(), namespace.values(), namespace.version()));
    }

    /** A namespace as a write answers it. */
    public static NamespaceState state(Namespace namespace) {
        return new NamespaceState(namespace.integration(), namespace.values(), namespace.version());
    }

    private static Map<String, String> keys(String json) {
        try {
            return MAPPER.readValue(json, KEYS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("integration_data holds a value that is not an object of strings", e);
        }
    }

    private static String json(Map<String, String> values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
