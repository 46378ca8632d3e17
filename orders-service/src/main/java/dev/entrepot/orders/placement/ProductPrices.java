package dev.entrepot.orders.placement;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The products of an order as catalog-service has them now (price, currency, sku, name), asked over
 * REST with the caller's own token, so the catalog answers only with the caller's organization's
 * products. The catalog unreachable, slow or failing is a 503: no order is placed without its prices.
 */
@ApplicationScoped
public class ProductPrices {

    private static final Logger LOG = Logger.getLogger(ProductPrices.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client;
    private final String catalogUrl;
    private final Duration timeout;

    ProductPrices(@ConfigProperty(name = "entrepot.catalog.url") String catalogUrl,
            @ConfigProperty(name = "entrepot.catalog.timeout", defaultValue = "PT5S") Duration timeout) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        this.catalogUrl = catalogUrl.replaceFirst("/+$", "");
        this.timeout = timeout;
    }

    /** The caller's products among {@code ids} (at most 100), by id; an id the catalog does not know is absent. */
    public Map<String, JsonNode> find(Collection<String> ids, String authorization) {
        String query = "id" + URLEncoder.encode("[in]", StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8) + "&limit=100";
        HttpRequest request = HttpRequest.newBuilder(URI.create(catalogUrl + "/api/v1/products?" + query))
                .timeout(timeout).header("Accept", "application/json").header("Authorization", authorization).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unavailable("could not be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("was interrupted");
        }
        if (response.statusCode() != 200) {
            throw unavailable("answered " + response.statusCode());
        }
        Map<String, JsonNode> products = new HashMap<>();
        try {
            for (JsonNode product : MAPPER.readTree(response.body()).path("data")) {
                products.put(product.path("id").asText(), product);
            }
        } catch (IOException e) {
            throw unavailable("answered with a body that is not JSON");
        }
        return products;
    }

    private static ApiException unavailable(String what) {
        LOG.warnf("Pricing an order failed: catalog-service %s", what);
        return new ApiException(503, "service_unavailable",
                "The catalog could not price the order just now, so it was not placed; try again");
    }
}
