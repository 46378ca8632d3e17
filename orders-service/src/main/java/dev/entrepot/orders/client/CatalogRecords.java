package dev.entrepot.orders.client;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * catalog-service's products and locations, as a REST client; used only through {@link CatalogLookups},
 * which builds and guards it.
 */
@RegisterRestClient(configKey = "catalog")
@Path("/api/v1")
public interface CatalogRecords {

    /** The caller's products among {@code ids} (comma-separated), in the list envelope. */
    @GET
    @Path("products")
    @Produces("application/json")
    JsonNode products(@QueryParam("id[in]") String ids, @QueryParam("limit") int limit,
            @HeaderParam("Authorization") String authorization);

    /** The caller's locations among {@code ids} (comma-separated), in the list envelope. */
    @GET
    @Path("locations")
    @Produces("application/json")
    JsonNode locations(@QueryParam("id[in]") String ids, @QueryParam("limit") int limit,
            @HeaderParam("Authorization") String authorization);

    @ClientExceptionMapper
    static RuntimeException answered(Response response) {
        return CatalogLookups.Answered.of(response.getStatus());
    }
}
