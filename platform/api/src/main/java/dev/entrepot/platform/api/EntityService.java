package dev.entrepot.platform.api;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.persistence.Transactions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

/**
 * The rules of the generic API for any entity, each write one transaction: validation of every field,
 * references that must exist, unique values, trees without cycles, ETag preconditions, and bulk requests
 * that write everything or nothing. A write that carries integration data calls integrations-service
 * first, with no transaction open and no row locked, and then writes the record and the replica in one
 * short transaction (docs/integration-data.md, How it is kept).
 */
@ApplicationScoped
@Transactional
public class EntityService {

    public static final int MAX_BULK = 1000;

    private final RecordStore store;
    private final EntityRegistry registry;
    private final Event<RecordChange> changes;
    private final Instance<IntegrationsDataWrites> integrationsData;
    private final Caller caller;

    EntityService(RecordStore store, EntityRegistry registry, Event<RecordChange> changes,
            Instance<IntegrationsDataWrites> integrationsData, Caller caller) {
        this.store = store;
        this.registry = registry;
        this.changes = changes;
        this.integrationsData = integrationsData;
        this.caller = caller;
    }

    public record Listing(List<ObjectNode> records, long totalCount, boolean hasNext) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(EntityType type, String organization, ListQuery query) {
        RecordStore.Page page = store.list(type, organization, query);
        List<ObjectNode> records = page.records().stream().map(StoredRecord::json).toList();
        expand(type, organization, records, query.depth() - 1);
        return new Listing(records, page.totalCount(), page.hasNext());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public StoredRecord get(EntityType type, String organization, String id, int depth) {
        StoredRecord record = store.find(type, organization, id).orElseThrow(() -> notFound(type, id));
        expand(type, organization, List.of(record.json()), depth - 1);
        return record;
    }

    /** Creates one record; see {@link #createMany(EntityType, String, List, boolean)}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public StoredRecord create(EntityType type, String organization, JsonNode body) {
        return createMany(type, organization, List.of(body), false).get(0);
    }

    /** Bulk create: every record or none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredRecord> createMany(EntityType type, String organization, ArrayNode items) {
        return createMany(type, organization, bulkItems(items), true);
    }

    /** A replace; see {@link #update}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public StoredRecord replace(EntityType type, String organization, String id, JsonNode body, String ifMatch) {
        return update(type, organization, id, body, ifMatch, false);
    }

    /** A partial update; see {@link #update}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public StoredRecord patch(EntityType type, String organization, String id, JsonNode body, String ifMatch) {
        return update(type, organization, id, body, ifMatch, true);
    }

    /**
     * The PATCH of an entity whose own fields change only through its actions (an order): the body may
     * carry integration data and nothing else.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public StoredRecord patchIntegrationsData(EntityType type, String organization, String id, JsonNode body, String ifMatch) {
        IntegrationsDataPatch.Split split = IntegrationsDataPatch.split(body);
        if (split.fields() == null || !split.fields().isObject()) {
            throw ApiException.validation(null, "The " + type.singular() + " patch must be an object");
        }
        List<FieldError> errors = new ArrayList<>();
        split.fields().fieldNames().forEachRemaining(field -> errors.add(FieldError.of(field, type.name()
                + " change only through their own actions; a PATCH may carry only integrationsData")));
        if (errors.isEmpty() && split.data() == null) {
            errors.add(FieldError.of(EntityType.INTEGRATIONS_DATA, "Nothing to change: send integrationsData"));
        }
        refuseIfAny(errors);
        return patch(type, organization, id, FieldKind.newObject().set(EntityType.INTEGRATIONS_DATA, split.data()), ifMatch);
    }

    /** Bulk replace: every item carries its id; every record is replaced or none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredRecord> replaceMany(EntityType type, String organization, ArrayNode items) {
        return updateMany(type, organization, items, false);
    }

    /** Bulk partial update: every item carries its id and the fields it changes; every record is changed or none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredRecord> patchMany(EntityType type, String organization, ArrayNode items) {
        return updateMany(type, organization, items, true);
    }

    private List<StoredRecord> updateMany(EntityType type, String organization, ArrayNode items, boolean partial) {
        List<IntegrationsDataPatch.Split> splits = split(bulkItems(items), true);
        List<JsonNode> bodies = splits.stream().map(IntegrationsDataPatch.Split::fields).toList();
        List<String> ids = bulkIds(bodies);
        if (splits.stream().allMatch(split -> split.data() == null)) {
            return inTransaction(() -> updateManyLocked(type, organization, ids, bodies, partial));
        }
        IntegrationsDataWrites writes = integrationsDataOf(type);
        // Rehearsed in a transaction that is rolled back: every item checked exactly as it will be written
        // (a cycle across items included), nothing locked while the authority answers.
        Transactions.rolledBack(() -> updateManyLocked(type, organization, ids, bodies, partial));
        Map<String, StoredRecord> read = new HashMap<>();
        store.findAll(type, organization, ids).forEach(record -> read.put(record.id(), record));
        List<ObjectNode> data = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            data.add(partial ? splits.get(i).data() : changedData(splits.get(i).data(), read.get(ids.get(i))));
        }
        if (data.stream().allMatch(Objects::isNull)) {
            return inTransaction(() -> updateManyLocked(type, organization, ids, bodies, partial));
        }
        Map<String, List<IntegrationsDataWrites.Namespace>> written = writeData(type, writes, ids, data, true);
        return afterRemoteWrite(type, organization, writes, written, () -> {
            new TreeMap<>(written).forEach((id, namespaces) -> writes.apply(organization, type, id, namespaces));
            return updateManyLocked(type, organization, ids, bodies, partial);
        });
    }

    public void delete(EntityType type, String organization, String id, String ifMatch) {
        StoredRecord current = store.lock(type, organization, id).orElseThrow(() -> notFound(type, id));
        current.requireMatch(ifMatch);
        store.delete(type, organization, List.of(id));
        refuseIfStillReferenced(type, organization, List.of(id));
        changes.fire(new RecordChange(type, organization, current, null));
    }

    /** Bulk delete: {@code [{"id": …}, …]} or {@code ["…", …]}. */
    public void deleteMany(EntityType type, String organization, ArrayNode items) {
        List<JsonNode> bodies = bulkItems(items);
        List<FieldError> errors = new ArrayList<>();
        Map<String, Integer> indexById = new LinkedHashMap<>();
        for (int i = 0; i < bodies.size(); i++) {
            JsonNode item = bodies.get(i);
            String id = item.isTextual() ? item.textValue() : item.path(EntityType.ID).asText(null);
            if (id == null || !Ids.isWellFormed(id)) {
                errors.add(FieldError.of(EntityType.ID, "Each item needs the id of the record to delete").at(i));
            } else if (indexById.putIfAbsent(id, i) != null) {
                errors.add(FieldError.of(EntityType.ID, "Record " + id + " appears twice").at(i));
            }
        }
        refuseIfAny(errors);
        List<StoredRecord> before = store.findAll(type, organization, indexById.keySet());
        Set<String> deleted = store.delete(type, organization, indexById.keySet());
        indexById.forEach((id, index) -> {
            if (!deleted.contains(id)) {
                errors.add(new FieldError(index, EntityType.ID, "No " + type.singular() + " with id " + id, 404));
            }
        });
        refuseIfAny(errors);
        refuseIfStillReferenced(type, organization, indexById.keySet());
        before.forEach(record -> changes.fire(new RecordChange(type, organization, record, null)));
    }

    /**
     * Creates records; integration data in their bodies is written for them in the same request: the
     * records are checked, the data written at the authority under their new ids, then the records inserted.
     */
    private List<StoredRecord> createMany(EntityType type, String organization, List<JsonNode> bodies, boolean bulk) {
        List<IntegrationsDataPatch.Split> splits = split(bodies, bulk);
        List<JsonNode> fields = splits.stream().map(IntegrationsDataPatch.Split::fields).toList();
        if (splits.stream().allMatch(split -> split.data() == null)) {
            return inTransaction(() -> insert(type, organization, checkedRows(type, organization, fields, bulk)));
        }
        IntegrationsDataWrites writes = integrationsDataOf(type);
        // outside the caller's transaction, if there is one (an Idempotency-Key's): no connection is held
        // while the authority answers
        List<RecordStore.Row> rows = Transactions.outside(() -> checkedRows(type, organization, fields, bulk));
        List<String> ids = rows.stream().map(RecordStore.Row::id).toList();
        Map<String, List<IntegrationsDataWrites.Namespace>> written = Transactions.outside(() -> writeData(type, writes, ids,
                splits.stream().map(IntegrationsDataPatch.Split::data).toList(), bulk));
        return afterRemoteWrite(type, organization, writes, written, () -> {
            refuseIfAny(checkAgainstStoredRecords(type, organization, rows, bulk)); // taken meanwhile?
            insert(type, organization, rows);
            written.forEach((id, namespaces) -> writes.apply(organization, type, id, namespaces));
            return reread(type, organization, ids);
        });
    }

    /** The rows of new records, every field and every rule against stored records checked; nothing written. */
    private List<RecordStore.Row> checkedRows(EntityType type, String organization, List<JsonNode> bodies, boolean bulk) {
        List<FieldError> errors = new ArrayList<>();
        List<RecordStore.Row> rows = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            List<FieldError> itemErrors = new ArrayList<>();
            rows.add(new RecordStore.Row(Ids.next(), RecordInput.values(type, bodies.get(i), null, itemErrors)));
            final int index = i;
            itemErrors.forEach(error -> errors.add(bulk ? error.at(index) : error));
        }
        if (errors.isEmpty()) {
            errors.addAll(checkAgainstStoredRecords(type, organization, rows, bulk));
        }
        refuseIfAny(errors);
        return rows;
    }

    private List<StoredRecord> insert(EntityType type, String organization, List<RecordStore.Row> rows) {
        store.insert(type, organization, rows, now());
        List<StoredRecord> created = reread(type, organization, rows.stream().map(RecordStore.Row::id).toList());
        created.forEach(record -> changes.fire(new RecordChange(type, organization, null, record)));
        return created;
    }

    /**
     * A replace or a partial update. Integration data in the body is written at the authority once the
     * record and the fields sent are checked, then the fields are written (the checks repeated under the
     * row lock). A replace writes only the keys it changes: it may send back the data it read, every
     * integration's, as it was.
     */
    private StoredRecord update(EntityType type, String organization, String id, JsonNode body, String ifMatch,
            boolean partial) {
        IntegrationsDataPatch.Split split = IntegrationsDataPatch.split(body);
        JsonNode fields = split.fields();
        if (split.data() == null) {
            return inTransaction(() -> updateLocked(type, organization, id, fields, ifMatch, partial, lock(type, organization, id)));
        }
        IntegrationsDataWrites writes = integrationsDataOf(type);
        boolean fieldsToo = !partial || fields.size() > (fields.has(EntityType.ID) ? 1 : 0);
        StoredRecord unlocked = store.find(type, organization, id).orElseThrow(() -> notFound(type, id));
        unlocked.requireMatch(ifMatch);
        if (fieldsToo) {
            refuseIfAny(updateErrors(type, organization, id, fields, unlocked, partial).errors());
        }
        ObjectNode data = partial ? split.data() : changedData(split.data(), unlocked);
        if (data == null) {
            return inTransaction(() -> updateLocked(type, organization, id, fields, ifMatch, partial, lock(type, organization, id)));
        }
        Map<String, List<IntegrationsDataWrites.Namespace>> written = writeData(type, writes, List.of(id), List.of(data), false);
        return afterRemoteWrite(type, organization, writes, written, () -> {
            StoredRecord current = lock(type, organization, id); // a 404 if it was deleted since it was checked
            writes.apply(organization, type, id, written.get(id));
            if (!fieldsToo) { // only integration data: the record itself is unchanged
                return reread(type, organization, List.of(id)).get(0);
            }
            return updateLocked(type, organization, id, fields, ifMatch, partial, current);
        });
    }

    private StoredRecord lock(EntityType type, String organization, String id) {
        return store.lock(type, organization, id).orElseThrow(() -> notFound(type, id));
    }

    /** The replace or partial update of many records, all locked first; later items see earlier ones (a cycle across items). */
    private List<StoredRecord> updateManyLocked(EntityType type, String organization, List<String> ids, List<JsonNode> bodies,
            boolean partial) {
        List<FieldError> errors = new ArrayList<>();
        OffsetDateTime now = now();
        Map<String, StoredRecord> locked = new HashMap<>();
        for (String id : new TreeSet<>(ids)) { // in id order: concurrent bulk writes of the same records lock alike
            store.lock(type, organization, id).ifPresent(record -> locked.put(id, record));
        }
        Map<String, StoredRecord> before = new HashMap<>();
        for (int i = 0; i < bodies.size(); i++) {
            String id = ids.get(i);
            Optional<StoredRecord> current = Optional.ofNullable(locked.get(id));
            if (current.isEmpty()) {
                errors.add(new FieldError(i, EntityType.ID, "No " + type.singular() + " with id " + id, 404));
                continue;
            }
            if (partial && bodies.get(i).size() == 1) { // its id alone (and integration data): the record is unchanged
                continue;
            }
            before.put(id, current.get());
            List<FieldError> itemErrors = new ArrayList<>();
            RecordStore.Row row = new RecordStore.Row(id, RecordInput.values(type, bodies.get(i),
                    partial ? current.get().json() : null, itemErrors));
            if (itemErrors.isEmpty()) {
                itemErrors.addAll(checkAgainstStoredRecords(type, organization, List.of(row), false));
            }
            if (itemErrors.isEmpty() && errors.isEmpty()) {
                store.update(type, organization, row, now);
            }
            final int index = i;
            itemErrors.forEach(error -> errors.add(error.at(index)));
        }
        refuseIfAny(errors);
        List<StoredRecord> after = reread(type, organization, ids);
        after.stream().filter(record -> before.containsKey(record.id()))
                .forEach(record -> changes.fire(new RecordChange(type, organization, before.get(record.id()), record)));
        return after;
    }

    /** The ids of a bulk replace's items, each present, well formed and once. */
    private static List<String> bulkIds(List<JsonNode> bodies) {
        List<FieldError> errors = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            String id = bodies.get(i).path(EntityType.ID).asText(null);
            if (id == null || !Ids.isWellFormed(id)) {
                errors.add(FieldError.of(EntityType.ID, "Each item needs the id of the record it changes").at(i));
            } else if (ids.contains(id)) {
                errors.add(FieldError.of(EntityType.ID, "Record " + id + " appears twice").at(i));
            }
            ids.add(id);
        }
        refuseIfAny(errors);
        return ids;
    }

    /** Each body's integration data apart from its fields; a bulk request's problems carry the item's index. */
    private static List<IntegrationsDataPatch.Split> split(List<JsonNode> bodies, boolean bulk) {
        List<IntegrationsDataPatch.Split> splits = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            try {
                splits.add(IntegrationsDataPatch.split(bodies.get(i)));
            } catch (ApiException refused) {
                final int index = i;
                refused.errors().forEach(error -> errors.add(indexed(error, index, bulk)));
            }
        }
        refuseIfAny(errors);
        return splits;
    }

    /** The keys of {@code data} that would change {@code record}'s integration data, or null if none would. */
    private static ObjectNode changedData(ObjectNode data, StoredRecord record) {
        if (data == null) {
            return null;
        }
        JsonNode held = record == null ? FieldKind.newObject() : record.json().path(EntityType.INTEGRATIONS_DATA);
        ObjectNode changed = FieldKind.newObject();
        data.properties().forEach(namespace -> namespace.getValue().properties().forEach(key -> {
            JsonNode current = held.path(namespace.getKey()).get(key.getKey());
            boolean same = key.getValue().isNull() ? current == null || current.isNull() : key.getValue().equals(current);
            if (!same) {
                ObjectNode keys = changed.has(namespace.getKey()) ? (ObjectNode) changed.get(namespace.getKey())
                        : changed.putObject(namespace.getKey());
                keys.set(key.getKey(), key.getValue());
            }
        }));
        return changed.isEmpty() ? null : changed;
    }

    /**
     * Writes each record's integration data at the authority ({@code data} in the order of {@code ids},
     * null where an item carries none), answering the namespaces written by record id. A bulk request's
     * refusal names the request's items.
     */
    private Map<String, List<IntegrationsDataWrites.Namespace>> writeData(EntityType type, IntegrationsDataWrites writes,
            List<String> ids, List<ObjectNode> data, boolean bulk) {
        if (!bulk) {
            return Map.of(ids.get(0), writes.write(type, ids.get(0), data.get(0), caller));
        }
        Map<String, ObjectNode> patches = new LinkedHashMap<>();
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (data.get(i) != null) {
                patches.put(ids.get(i), data.get(i));
                items.add(i);
            }
        }
        try {
            return writes.writeMany(type, patches, caller);
        } catch (ApiException refused) {
            throw new ApiException(refused.status(), refused.errorCode(), refused.getMessage(), refused.errors().stream()
                    .map(error -> error.index() == null ? error : error.at(items.get(error.index()))).toList());
        }
    }

    private StoredRecord updateLocked(EntityType type, String organization, String id, JsonNode body, String ifMatch,
            boolean partial, StoredRecord current) {
        current.requireMatch(ifMatch);
        Checked checked = updateErrors(type, organization, id, body, current, partial);
        refuseIfAny(checked.errors());
        store.update(type, organization, checked.row(), now());
        StoredRecord updated = reread(type, organization, List.of(id)).get(0);
        changes.fire(new RecordChange(type, organization, current, updated));
        return updated;
    }

    private record Checked(RecordStore.Row row, List<FieldError> errors) {
    }

    private Checked updateErrors(EntityType type, String organization, String id, JsonNode body, StoredRecord current,
            boolean partial) {
        List<FieldError> errors = new ArrayList<>();
        String bodyId = body != null && body.has(EntityType.ID) ? body.get(EntityType.ID).asText() : null;
        if (bodyId != null && !bodyId.equals(id)) {
            errors.add(FieldError.of(EntityType.ID, "id in the body (" + bodyId + ") differs from the path (" + id + ")"));
        }
        RecordStore.Row row = new RecordStore.Row(id,
                RecordInput.values(type, body, partial ? current.json() : null, errors));
        if (errors.isEmpty()) {
            errors.addAll(checkAgainstStoredRecords(type, organization, List.of(row), false));
        }
        return new Checked(row, errors);
    }

    private IntegrationsDataWrites integrationsDataOf(EntityType type) {
        if (!integrationsData.isResolvable()) {
            throw ApiException.validation(EntityType.INTEGRATIONS_DATA, type.name() + " do not keep integration data");
        }
        return integrationsData.get();
    }

    /**
     * The records' side of a write the authority has accepted, in one short transaction. If it refuses or
     * fails, the data stays written: each record that exists takes the authority's state in its replica
     * all the same (in a transaction of its own; else the topic brings it), and data written for a record
     * that does not exist (deleted meanwhile, or a create that failed) is withdrawn at the authority.
     */
    private <T> T afterRemoteWrite(EntityType type, String organization, IntegrationsDataWrites writes,
            Map<String, List<IntegrationsDataWrites.Namespace>> written, Callable<T> recordWrite) {
        try {
            return inTransaction(recordWrite);
        } catch (RuntimeException refusedOrFailed) {
            // what is committed, not what a joined transaction that is about to roll back holds
            Set<String> existing = Transactions.outside(() -> store.existing(type, organization, written.keySet()));
            Map<String, List<IntegrationsDataWrites.Namespace>> kept = new TreeMap<>();
            Map<String, List<IntegrationsDataWrites.Namespace>> orphaned = new LinkedHashMap<>();
            written.forEach((id, namespaces) -> (existing.contains(id) ? kept : orphaned).put(id, namespaces));
            try {
                if (!kept.isEmpty()) {
                    QuarkusTransaction.requiringNew().run(() -> kept.forEach((id, namespaces) ->
                            writes.apply(organization, type, id, namespaces)));
                }
            } catch (RuntimeException replicaNotWritten) { // the topic brings the same state
                refusedOrFailed.addSuppressed(replicaNotWritten);
            }
            if (!orphaned.isEmpty()) {
                Transactions.outside(() -> {
                    writes.withdraw(type, orphaned, caller);
                    return null;
                });
            }
            throw refusedOrFailed;
        }
    }

    /** Joins the caller's transaction if there is one (one write inside a bigger one), else a transaction of its own. */
    private static <T> T inTransaction(Callable<T> work) {
        return QuarkusTransaction.joiningExisting().call(work);
    }

    /** References that must exist, self-references that must not loop, unique values that must be free. */
    private List<FieldError> checkAgainstStoredRecords(EntityType type, String organization, List<RecordStore.Row> rows,
            boolean bulk) {
        List<FieldError> errors = new ArrayList<>();
        for (Field relation : type.relations()) {
            Set<String> referenced = new LinkedHashSet<>();
            rows.forEach(row -> referenced.addAll(referencedIds(row, relation)));
            Set<String> existing = new HashSet<>(store.existing(relation.target(), organization, referenced));
            for (int i = 0; i < rows.size(); i++) {
                RecordStore.Row row = rows.get(i);
                for (String missing : referencedIds(row, relation)) {
                    if (!existing.contains(missing)) {
                        errors.add(indexed(FieldError.of(relation.name(), "No " + relation.target().singular()
                                + " with id " + missing), i, bulk));
                    }
                }
                Object parent = row.values().get(relation.name());
                if (relation.target() == type && parent instanceof String parentId && existing.contains(parentId)
                        && store.isAncestorOrSelf(type, relation, organization, parentId, row.id())) {
                    errors.add(indexed(FieldError.of(relation.name(), relation.name() + " " + parentId
                            + " would make a cycle: it is this " + type.singular() + " or one of its descendants"), i, bulk));
                }
            }
        }
        for (Field unique : type.fields().stream().filter(Field::isUnique).toList()) {
            Map<String, Integer> firstIndex = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                Object value = rows.get(i).values().get(unique.name());
                if (value != null && firstIndex.putIfAbsent((String) value, i) != null) {
                    errors.add(indexed(FieldError.conflict(unique.name(), unique.name() + " '" + value
                            + "' is also used by item " + firstIndex.get(value)), i, bulk));
                }
            }
            Map<String, String> taken = store.taken(type, unique, organization, firstIndex.keySet());
            for (int i = 0; i < rows.size(); i++) {
                Object value = rows.get(i).values().get(unique.name());
                String holder = value == null ? null : taken.get(value);
                if (holder != null && !holder.equals(rows.get(i).id())) {
                    errors.add(indexed(FieldError.conflict(unique.name(), "A " + type.singular() + " with "
                            + unique.name() + " '" + value + "' already exists (" + holder + ")"), i, bulk));
                }
            }
        }
        return errors;
    }

    private void refuseIfStillReferenced(EntityType type, String organization, Collection<String> ids) {
        for (EntityType referrer : registry.types()) {
            for (Field relation : referrer.relations()) {
                if (relation.target() == type) {
                    store.referrer(referrer, relation, organization, ids).ifPresent(referrerId -> {
                        throw new ApiException(409, "referenced", "Cannot delete: " + referrer.singular() + " "
                                + referrerId + " still refers to it through " + relation.name(),
                                List.of(FieldError.conflict(relation.name(), referrer.singular() + " " + referrerId
                                        + " refers to it")));
                    });
                }
            }
        }
    }

    /** Adds the related records of {@code levels} more levels, one query per relation and level. */
    private void expand(EntityType type, String organization, List<ObjectNode> records, int levels) {
        if (levels <= 0 || records.isEmpty()) {
            return;
        }
        for (Field relation : type.relations()) {
            Set<String> ids = new LinkedHashSet<>();
            for (ObjectNode record : records) {
                JsonNode value = record.get(relation.name());
                if (value.isArray()) {
                    value.forEach(id -> ids.add(id.asText()));
                } else if (value.isTextual()) {
                    ids.add(value.textValue());
                }
            }
            Map<String, ObjectNode> related = new HashMap<>();
            store.findAll(relation.target(), organization, ids).forEach(found -> related.put(found.id(), found.json()));
            expand(relation.target(), organization, new ArrayList<>(related.values()), levels - 1);
            for (ObjectNode record : records) {
                JsonNode value = record.get(relation.name());
                if (value.isArray()) {
                    ArrayNode expanded = record.putArray(relation.expandAs());
                    value.forEach(id -> {
                        if (related.containsKey(id.asText())) {
                            expanded.add(related.get(id.asText()));
                        }
                    });
                } else {
                    record.set(relation.expandAs(), value.isTextual() ? related.get(value.textValue()) : null);
                }
            }
        }
    }

    private List<StoredRecord> reread(EntityType type, String organization, List<String> ids) {
        Map<String, StoredRecord> byId = new HashMap<>();
        store.findAll(type, organization, ids).forEach(record -> byId.put(record.id(), record));
        return ids.stream().map(byId::get).map(Objects::requireNonNull).toList();
    }

    private static List<String> referencedIds(RecordStore.Row row, Field relation) {
        Object value = row.values().get(relation.name());
        if (value instanceof String id) {
            return List.of(id);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String.class::cast).toList();
        }
        return List.of();
    }

    private static List<JsonNode> bulkItems(ArrayNode items) {
        if (items.isEmpty() || items.size() > MAX_BULK) {
            throw ApiException.validation("data", "data must hold 1 to " + MAX_BULK + " records, not " + items.size());
        }
        List<JsonNode> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    private static void refuseIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw refusal(errors);
        }
    }

    private static ApiException refusal(List<FieldError> errors) {
        Set<Integer> statuses = new HashSet<>();
        errors.forEach(error -> statuses.add(error.status()));
        if (statuses.equals(Set.of(409))) {
            return new ApiException(409, "duplicate", "Duplicate value", errors);
        }
        if (statuses.equals(Set.of(404))) {
            return new ApiException(404, "not_found", "Some records do not exist", errors);
        }
        return ApiException.validation(errors);
    }

    private static FieldError indexed(FieldError error, int index, boolean bulk) {
        return bulk ? error.at(index) : error;
    }

    private static ApiException notFound(EntityType type, String id) {
        return ApiException.notFound("No " + type.singular() + " with id " + id);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}
