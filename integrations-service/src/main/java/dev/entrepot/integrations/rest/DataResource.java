package dev.entrepot.integrations.rest;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.integrations.config.IntegrationsConfig;
import dev.entrepot.integrations.data.DataPatch;
import dev.entrepot.integrations.data.IntegrationData;
import dev.entrepot.integrations.data.WriteAccess;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.Envelope;
import dev.entrepot.platform.api.Formats;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/**
 * The integration data of one record, for the entity services (not routed by the gateway): a
 * {@code PATCH /products/{id}} carrying {@code integrationsData} is forwarded here with the caller's
 * token, and the answer — each written namespace's new state and version — updates the entity service's
 * replica before it answers its client.
 */
@Path(IntegrationDataContract.PATH)
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
    public Envelope read(@PathParam("entity") String entity, @PathParam("id") String id) {
        String organization = caller.organization();
        return answer(data.read(organization, known(entity), wellFormed(id)));
    }

    @PATCH
    public Envelope write(@PathParam("entity") String entity, @PathParam("id") String id, Body body) {
        String organization = caller.organization();
        DataPatch patch = DataPatch.parse(Body.required(body).single());
        access.authorize(caller, organization, patch);
        return answer(data.write(organization, known(entity), wellFormed(id), patch));
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
