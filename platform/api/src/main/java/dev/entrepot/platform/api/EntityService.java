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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

/**
 * The rules of the generic API for any entity, each write one transaction: validation of every field,
 * references that must exist, unique values, trees without cycles, ETag preconditions, and bulk requests
 * that write everything or nothing.
 */
@ApplicationScoped
@Transactional
public class EntityService {

    public static final int MAX_BULK = 1000;

    private final RecordStore store;
    private final EntityRegistry registry;
    private final Event<RecordChange> changes;
    private final IntegrationsDataClient integrationsData;
    private final IntegrationsDataReplica replica;
    private final Caller caller;

    EntityService(RecordStore store, EntityRegistry registry, Event<RecordChange> changes,
            IntegrationsDataClient integrationsData, IntegrationsDataReplica replica, Caller caller) {
        this.store = store;
        this.registry = registry;
        this.changes = changes;
        this.integrationsData = integrationsData;
        this.replica = replica;
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

    /** Creates one record; integration data in the body is written for it in the same request. */
    public StoredRecord create(EntityType type, String organization, JsonNode body) {
        IntegrationsDataPatch.Split split = IntegrationsDataPatch.split(body);
        StoredRecord created = createMany(type, organization, List.of(split.fields()), false).get(0);
        if (split.data() == null) {
            return created;
        }
        writeIntegrationsData(type, organization, created.id(), split.data());
        return reread(type, organization, List.of(created.id())).get(0);
    }

    public List<StoredRecord> createMany(EntityType type, String organization, ArrayNode items) {
        return createMany(type, organization, bulkItems(items), true);
    }

    public StoredRecord replace(EntityType type, String organization, String id, JsonNode body, String ifMatch) {
        return update(type, organization, id, body, ifMatch, false);
    }

    public StoredRecord patch(EntityType type, String organization, String id, JsonNode body, String ifMatch) {
        return update(type, organization, id, body, ifMatch, true);
    }

    /**
     * The PATCH of an entity whose own fields change only through its actions (an order): the body may
     * carry integration data and nothing else.
     */
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
        StoredRecord current = store.lock(type, organization, id).orElseThrow(() -> notFound(type, id));
        requireMatch(ifMatch, current);
        writeIntegrationsData(type, organization, id, split.data());
        return reread(type, organization, List.of(id)).get(0);
    }

    /** Bulk replace: every item carries its id. */
    public List<StoredRecord> replaceMany(EntityType type, String organization, ArrayNode items) {
        List<JsonNode> bodies = bulkItems(items);
        List<FieldError> errors = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            String id = bodies.get(i).path(EntityType.ID).asText(null);
            if (id == null || !Ids.isWellFormed(id)) {
                errors.add(FieldError.of(EntityType.ID, "Each item needs the id of the record it replaces").at(i));
            } else if (ids.contains(id)) {
                errors.add(FieldError.of(EntityType.ID, "Record " + id + " appears twice").at(i));
            }
            ids.add(id);
        }
        refuseIfAny(errors);
        OffsetDateTime now = now();
        Map<String, StoredRecord> before = new HashMap<>();
        for (int i = 0; i < bodies.size(); i++) {
            String id = ids.get(i);
            Optional<StoredRecord> current = store.lock(type, organization, id);
            if (current.isEmpty()) {
                errors.add(new FieldError(i, EntityType.ID, "No " + type.singular() + " with id " + id, 404));
                continue;
            }
            before.put(id, current.get());
            List<FieldError> itemErrors = new ArrayList<>();
            RecordStore.Row row = new RecordStore.Row(id, RecordInput.values(type, bodies.get(i), null, itemErrors));
            if (itemErrors.isEmpty()) {
                itemErrors.addAll(checkAgainstStoredRecords(type, organization, List.of(row), false));
            }
            if (itemErrors.isEmpty() && errors.isEmpty()) {
                store.update(type, organization, row, now); // later items see this one (cycles across items)
            }
            final int index = i;
            itemErrors.forEach(error -> errors.add(error.at(index)));
        }
        refuseIfAny(errors);
        List<StoredRecord> after = reread(type, organization, ids);
        after.forEach(record -> changes.fire(new RecordChange(type, organization, before.get(record.id()), record)));
        return after;
    }

    public void delete(EntityType type, String organization, String id, String ifMatch) {
        StoredRecord current = store.lock(type, organization, id).orElseThrow(() -> notFound(type, id));
        requireMatch(ifMatch, current);
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

    private List<StoredRecord> createMany(EntityType type, String organization, List<JsonNode> bodies, boolean bulk) {
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
        store.insert(type, organization, rows, now());
        List<StoredRecord> created = reread(type, organization, rows.stream().map(RecordStore.Row::id).toList());
        created.forEach(record -> changes.fire(new RecordChange(type, organization, null, record)));
        return created;
    }

    private StoredRecord update(EntityType type, String organization, String id, JsonNode body, String ifMatch,
            boolean partial) {
        StoredRecord current = store.lock(type, organization, id).orElseThrow(() -> notFound(type, id));
        requireMatch(ifMatch, current);
        ObjectNode data = null;
        if (partial) {
            IntegrationsDataPatch.Split split = IntegrationsDataPatch.split(body);
            body = split.fields();
            data = split.data();
            if (data != null && body.isEmpty()) { // only integration data: the record itself is unchanged
                writeIntegrationsData(type, organization, id, data);
                return reread(type, organization, List.of(id)).get(0);
            }
        }
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
        refuseIfAny(errors);
        store.update(type, organization, row, now());
        if (data != null) {
            writeIntegrationsData(type, organization, id, data);
        }
        StoredRecord updated = reread(type, organization, List.of(id)).get(0);
        changes.fire(new RecordChange(type, organization, current, updated));
        return updated;
    }

    /**
     * Forwards a record's integration data to integrations-service, the authority, and applies the
     * namespaces it answers with to this service's replica before the request answers (read-your-writes).
     * A refusal or an unreachable authority throws, and the whole request writes nothing here.
     */
    private void writeIntegrationsData(EntityType type, String organization, String id, ObjectNode data) {
        if (!integrationsData.isConfigured()) {
            throw ApiException.validation(EntityType.INTEGRATIONS_DATA, type.name() + " do not keep integration data");
        }
        for (IntegrationsDataClient.Namespace namespace : integrationsData.write(type, id, data, caller)) {
            replica.apply(organization, type, id, namespace.integration(), namespace.values(), namespace.version());
        }
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

    /** If-Match: {@code *} or a list of ETags, compared strongly (RFC 9110 section 13.1.1). */
    private static void requireMatch(String ifMatch, StoredRecord current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(current.etag())) {
                return;
            }
        }
        throw new ApiException(412, "precondition_failed", "The record changed: If-Match " + ifMatch
                + " does not match its current ETag " + current.etag());
    }

    private static void refuseIfAny(List<FieldError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        Set<Integer> statuses = new HashSet<>();
        errors.forEach(error -> statuses.add(error.status()));
        if (statuses.equals(Set.of(409))) {
            throw new ApiException(409, "duplicate", "Duplicate value", errors);
        }
        if (statuses.equals(Set.of(404))) {
            throw new ApiException(404, "not_found", "Some records do not exist", errors);
        }
        throw ApiException.validation(errors);
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
