package dev.entrepot.orders.client;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.orders.config.CatalogConfig;
import dev.entrepot.platform.api.ApiException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The products of an order as catalog-service has them now (price, currency, sku, name), asked over
 * REST with the caller's own token, so the catalog answers only with the caller's organization's
 * products. A lookup is a read, so a failed one is tried twice more; the catalog unreachable, slow or
 * failing (or the circuit breaker open after many failures) is a 503: no order is placed without its
 * prices. A 4xx is the catalog's answer, not its failure: it is not retried and does not count against
 * the breaker (the client gets the same 503, since the order cannot be priced).
 */
@ApplicationScoped
public class ProductPrices {

    private static final Logger LOG = Logger.getLogger(ProductPrices.class);
    private static final int MAX_IDS = 100;

    private final CatalogProducts catalog;
    private final TypedGuard<JsonNode> guard;

    ProductPrices(CatalogConfig config) {
        this.catalog = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(config.url().replaceFirst("/+$", "")))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS).build(CatalogProducts.class);
        this.guard = TypedGuard.create(JsonNode.class).withDescription("catalog-service prices")
                .withTimeout().duration(config.timeout().toMillis(), ChronoUnit.MILLIS).done()
                // Half of the last 20 attempts failing opens it for 5 s: no order waits on a catalog that is down.
                .withCircuitBreaker().requestVolumeThreshold(20).failureRatio(0.5).delay(5, ChronoUnit.SECONDS)
                .successThreshold(2).skipOn(Answered.Refusal.class).done()
                .withRetry().maxRetries(2).delay(100, ChronoUnit.MILLIS).jitter(50, ChronoUnit.MILLIS)
                .abortOn(Answered.Refusal.class).done()
                .withFallback().handler(ProductPrices::fallback).skipOn(Answered.Refusal.class).done()
                .build();
    }

    /** An answer of catalog-service that is not a success. */
    static class Answered extends RuntimeException {

        final int status;

        Answered(int status) {
            super("catalog-service answered " + status, null, false, false);
            this.status = status;
        }

        static Answered of(int status) {
            return status >= 400 && status < 500 ? new Refusal(status) : new Answered(status);
        }

        /** A 4xx: the catalog is up and said no. */
        static final class Refusal extends Answered {
            Refusal(int status) {
                super(status);
            }
        }
    }

    /** The caller's products among {@code ids} (at most 100), by id; an id the catalog does not know is absent. */
    public Map<String, JsonNode> find(Collection<String> ids, String authorization) {
        JsonNode page;
        try {
            page = guard.get(() -> catalog.find(String.join(",", ids), MAX_IDS, authorization));
        } catch (Answered.Refusal refusal) {
            throw unavailable(refusal);
        }
        Map<String, JsonNode> products = new HashMap<>();
        for (JsonNode product : page.path("data")) {
            products.put(product.path("id").asText(), product);
        }
        return products;
    }

    private static JsonNode fallback(Throwable cause) {
        throw unavailable(cause);
    }

    private static ApiException unavailable(Throwable cause) {
        LOG.warnf("Pricing an order failed: catalog-service %s", cause instanceof Answered answered
                ? "answered " + answered.status : "could not be reached: " + cause);
        return new ApiException(503, "service_unavailable",
                "The catalog could not price the order just now, so it was not placed; try again");
    }
}
