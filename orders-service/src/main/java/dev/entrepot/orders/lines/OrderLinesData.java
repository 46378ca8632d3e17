package dev.entrepot.orders.lines;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.orders.Orders;
import dev.entrepot.orders.placement.OrderRequest;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.EntityService;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.api.IntegrationsDataPatch;
import dev.entrepot.platform.api.IntegrationsDataWrites.Namespace;
import dev.entrepot.platform.api.RecordStore;
import dev.entrepot.platform.api.StoredRecord;
import dev.entrepot.platform.integrationdata.KeptIntegrationsData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The PATCH of an order ({@code PATCH /orders/{id}}): its own integrationsData, and its lines'
 * ({@code "lines": [{"id": "<line id>", "integrationsData": {…}}]}, docs/integration-data.md, Order lines).
 * Every line named must be one of the order's, and every line's patch is written at integrations-service
 * in one batch (all or none) before the order's own data; then the replica in the order's row.
 */
@ApplicationScoped
public class OrderLinesData {

    private static final String LINES = "lines";

    private final EntityService service;
    private final RecordStore records;
    private final KeptIntegrationsData data;
    private final OrderLinesReplica replica;

    OrderLinesData(EntityService service, RecordStore records, KeptIntegrationsData data, OrderLinesReplica replica) {
        this.service = service;
        this.records = records;
        this.data = data;
        this.replica = replica;
    }

    public StoredRecord patch(String organization, String orderId, JsonNode body, String ifMatch, Caller caller) {
        if (body == null || !body.isObject() || !body.has(LINES)) {
            return service.patchIntegrationsData(Orders.ORDERS, organization, orderId, body, ifMatch);
        }
        ObjectNode orderPatch = ((ObjectNode) body).deepCopy();
        JsonNode lines = orderPatch.remove(LINES);
        List<FieldError> errors = new ArrayList<>();
        IntegrationsDataPatch.Split own = IntegrationsDataPatch.split(orderPatch);
        own.fields().fieldNames().forEachRemaining(field -> errors.add(FieldError.of(field,
                "orders change only through their own actions; a PATCH may carry only integrationsData and lines")));
        Map<String, ObjectNode> patches = linePatches(lines, errors);
        StoredRecord order = records.find(Orders.ORDERS, organization, orderId)
                .orElseThrow(() -> ApiException.notFound("No order with id " + orderId));
        Set<String> held = new HashSet<>();
        order.json().path(LINES).forEach(line -> held.add(line.path(EntityType.ID).asText()));
        for (int i = 0; lines.isArray() && i < lines.size(); i++) {
            JsonNode lineId = lines.get(i).path(EntityType.ID);
            if (lineId.isTextual() && Ids.isWellFormed(lineId.textValue()) && !held.contains(lineId.textValue())) {
                errors.add(FieldError.of(LINES + "[" + i + "].id", "Order " + orderId + " has no line with id " + lineId.textValue()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        order.requireMatch(ifMatch);

        Map<String, List<Namespace>> written = writeLines(patches, caller);
        QuarkusTransaction.joiningExisting().run(() -> written.forEach((lineId, namespaces) -> namespaces.forEach(namespace ->
                replica.apply(organization, lineId, namespace.integration(), namespace.values(), namespace.version()))));
        if (own.data() == null) { // nothing of the order's own ({} or null say nothing)
            return records.find(Orders.ORDERS, organization, orderId).orElseThrow();
        }
        return service.patchIntegrationsData(Orders.ORDERS, organization, orderId, orderPatch, ifMatch);
    }

    /** Each line's patch by line id, in the order sent: 1 to 100 items {@code {"id", "integrationsData"}}. */
    private static Map<String, ObjectNode> linePatches(JsonNode lines, List<FieldError> errors) {
        Map<String, ObjectNode> patches = new LinkedHashMap<>();
        if (!lines.isArray() || lines.isEmpty() || lines.size() > OrderRequest.MAX_LINES) {
            errors.add(FieldError.of(LINES, "lines must be a list of 1 to " + OrderRequest.MAX_LINES
                    + " lines {\"id\": \"<line id>\", \"integrationsData\": {…}}"));
            return patches;
        }
        for (int i = 0; i < lines.size(); i++) {
            String at = LINES + "[" + i + "]";
            if (!lines.get(i).isObject()) {
                errors.add(FieldError.of(at, at + " must be an object {\"id\": \"<line id>\", \"integrationsData\": {…}}"));
                continue;
            }
            IntegrationsDataPatch.Split split;
            try {
                split = IntegrationsDataPatch.split(lines.get(i));
            } catch (ApiException refused) {
                refused.errors().forEach(error -> errors.add(FieldError.of(at + "." + error.field(), error.message())));
                continue;
            }
            JsonNode id = split.fields().path(EntityType.ID);
            split.fields().fieldNames().forEachRemaining(field -> {
                if (!field.equals(EntityType.ID)) {
                    errors.add(FieldError.of(at + "." + field, "A line's own fields never change; send its id and integrationsData"));
                }
            });
            if (!id.isTextual() || !Ids.isWellFormed(id.textValue())) {
                errors.add(FieldError.of(at + ".id", at + ".id is required: the id of one of the order's lines"));
            } else if (split.data() == null) {
                errors.add(FieldError.of(at + "." + EntityType.INTEGRATIONS_DATA, "Nothing to change: send integrationsData"));
            } else if (patches.put(id.textValue(), split.data()) != null) {
                errors.add(FieldError.of(at + ".id", "Line " + id.textValue() + " is sent twice"));
            }
        }
        return patches;
    }

    /** The batch write at integrations-service; a refusal about one line names it ({@code lines[2].integrationsData…}). */
    private Map<String, List<Namespace>> writeLines(Map<String, ObjectNode> patches, Caller caller) {
        try {
            return data.writeMany(OrderLinesReplica.ENTITY, patches, caller);
        } catch (ApiException refused) {
            throw new ApiException(refused.status(), refused.errorCode(), refused.getMessage(), refused.errors().stream()
                    .map(error -> error.index() == null ? error : new FieldError(null, LINES + "[" + error.index() + "]"
                            + (error.field() == null ? "" : "." + error.field()), error.message(), error.status()))
                    .toList());
        }
    }
}
