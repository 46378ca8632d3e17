package dev.entrepot.platform.integrationdata;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.api.Formats;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * integrations-service's internal resource of records' integration data, as a REST client; used
 * only through {@link IntegrationsDataClient}, which builds it with {@link IntegrationsDataConfig}'s
 * address and guards it.
 */
@RegisterRestClient(configKey = "integrations-data")
public interface IntegrationsDataApi {

    @PATCH
    @Path(IntegrationDataContract.PATH)
    @Consumes(Formats.JSON)
    @Produces(Formats.JSON)
    IntegrationDataContract.WriteAnswer write(@PathParam("entity") String entity, @PathParam("id") String id,
            @QueryParam(IntegrationDataContract.ELEVATION) String elevation, @HeaderParam("Authorization") String authorization,
            ObjectNode patch);

    @PATCH
    @Path(IntegrationDataContract.BATCH_PATH)
    @Consumes(Formats.JSON)
    @Produces(Formats.JSON)
    IntegrationDataContract.BatchAnswer writeMany(@PathParam("entity") String entity,
            @QueryParam(IntegrationDataContract.ELEVATION) String elevation, @HeaderParam("Authorization") String authorization,
            ObjectNode items);

    /** Every answer that is not a success, with its status and body, for the client to tell refusals from failures. */
    @ClientExceptionMapper
    static RuntimeException answered(Response response) {
        return IntegrationsDataClient.Answered.of(response.getStatus(),
                response.hasEntity() ? response.readEntity(String.class) : "");
    }
}
