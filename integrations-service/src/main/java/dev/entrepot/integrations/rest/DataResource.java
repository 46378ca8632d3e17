package dev.entrepot.integrations.rest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.entrepot.integrations.config.IntegrationsConfig;
import dev.entrepot.integrations.data.DataPatch;
import dev.entrepot.integrations.data.IntegrationData;
import dev.entrepot.integrations.data.WriteAccess;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.EntityService;
import dev.entrepot.platform.api.Envelope;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.api.Formats;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.RecordWritten;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/**
 * The integration data of records, for the entity services (not routed by the gateway): a write of a
 * record carrying {@code integrationsData} is forwarded here with the caller's token (one record's, or a
 * bulk request's in one batch), and the answer — each written namespace's new state and version — updates
 * the entity service's replica before it answers its client.
 */
@Path(IntegrationDataContract.BATCH_PATH)
@Produces(Formats.JSON)
@Consumes(Formats.JSON)
public class DataResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Caller caller;
    private final IntegrationData data;
    private final WriteAccess access;
    private final Set<String> entities;
    @Context
    UriInfo uri;

    DataResource(Caller caller, IntegrationData data, WriteAccess access, IntegrationsConfig config) {
        this.caller = caller;
        this.data = data;
        this.access = access;
        this.entities = config.integrationsData().entities();
    }

    @GET
    @Path("{id}")
    public Envelope read(@PathParam("entity") String entity, @PathParam("id") String id) {
        String organization = caller.organization();
        return answer(data.read(organization, known(entity), wellFormed(id)));
    }

    @PATCH
    @Path("{id}")
    public Envelope write(@PathParam("entity") String entity, @PathParam("id") String id, Body body) {
        String organization = caller.organization();
        DataPatch patch = DataPatch.parse(Body.required(body).single());
        access.authorize(caller, organization, patch);
        return answer(data.write(organization, known(entity), wellFormed(id), patch));
    }

    /** Many records' patches, all written or none ({@link IntegrationDataContract#BATCH_PATH}). */
    @PATCH
    public Envelope writeMany(@PathParam("entity") String entity, Body body) {
        String organization = caller.organization();
        String known = known(entity);
        ArrayNode items = Body.required(body).requireBulk();
        if (items.isEmpty() || items.size() > EntityService.MAX_BULK) {
            throw ApiException.validation("data", "data holds 1 to " + EntityService.MAX_BULK + " records");
        }
        List<Map.Entry<String, DataPatch>> patches = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String id = item.path("record_id").asText("");
            if (!Ids.isWellFormed(id)) {
                errors.add(FieldError.of("record_id", "Each item names a record by its id").at(i));
                continue;
            }
            if (!named.add(id)) {
                errors.add(FieldError.of("record_id", "Record " + id + " appears twice").at(i));
                continue;
            }
            try {
                patches.add(Map.entry(id, DataPatch.parse(item.get(DataPatch.FIELD))));
            } catch (ApiException refused) {
                final int index = i;
                refused.errors().forEach(error -> errors.add(error.at(index)));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        patches.forEach(patch -> access.authorize(caller, organization, patch.getValue()));
        List<List<IntegrationData.Namespace>> written = data.writeMany(organization, known, patches);
        List<RecordWritten> answer = new ArrayList<>();
        for (int i = 0; i < patches.size(); i++) {
            answer.add(new RecordWritten(patches.get(i).getKey(), written.get(i).stream().map(IntegrationData::state).toList()));
        }
        return Envelope.record(200, "OK", MAPPER.valueToTree(answer), null, uri.getPath());
    }

    private Envelope answer(List<IntegrationData.Namespace> namespaces) {
        return Envelope.record(200, "OK", MAPPER.valueToTree(namespaces.stream().map(IntegrationData::state).toList()), null,
                uri.getPath());
    }

    private String known(String entity) {
        if (!entities.contains(entity)) {
            throw ApiException.notFound("No entity " + entity + " keeps integration data; known: " + entities);
        }
        return entity;
    }

    private static String wellFormed(String id) {
        if (!Ids.isWellFormed(id)) {
            throw ApiException.notFound("No record with id " + id);
        }
        return id;
    }
}
