package dev.entrepot.orders.client;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.orders.config.CatalogConfig;
import dev.entrepot.platform.api.ApiException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The products of an order as catalog-service has them now (price, currency, sku, name, is_enabled)
 * and its location, asked over REST with the caller's own token, so the catalog answers only with the
 * caller's organization's records. A lookup is a read, so a failed one is tried twice more; the catalog
 * unreachable, slow or failing (or the circuit breaker open after many failures) is a 503: no order is
 * placed without its prices and its location checked. A 4xx is the catalog's answer, not its failure: it is not retried and does not count against
 * the breaker (the client gets the same 503, since the order cannot be priced).
 */
@ApplicationScoped
public class CatalogLookups {

    private static final Logger LOG = Logger.getLogger(CatalogLookups.class);
    private static final int MAX_IDS = 100;

    private final CatalogRecords catalog;
    private final TypedGuard<JsonNode> guard;

    CatalogLookups(CatalogConfig config) {
        this.catalog = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(config.url().replaceFirst("/+$", "")))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS).build(CatalogRecords.class);
        this.guard = TypedGuard.create(JsonNode.class).withDescription("catalog-service lookups")
                .withTimeout().duration(config.timeout().toMillis(), ChronoUnit.MILLIS).done()
                // Half of the last 20 attempts failing opens it for 5 s: no order waits on a catalog that is down.
                .withCircuitBreaker().requestVolumeThreshold(20).failureRatio(0.5).delay(5, ChronoUnit.SECONDS)
                .successThreshold(2).skipOn(Answered.Refusal.class).done()
                .withRetry().maxRetries(2).delay(100, ChronoUnit.MILLIS).jitter(50, ChronoUnit.MILLIS)
                .abortOn(Answered.Refusal.class).done()
                .withFallback().handler(CatalogLookups::fallback).skipOn(Answered.Refusal.class).done()
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

    /** What the catalog has of an order: its products by id (an id it does not know is absent) and its location or null. */
    public record Found(Map<String, JsonNode> products, JsonNode location) {
    }

    /**
     * The caller's products among {@code ids} (at most 100) and, when {@code locationId} is not null, the
     * caller's location of that id: one call for all the products, one more for the location.
     */
    public Found find(Collection<String> ids, String locationId, String authorization) {
        Map<String, JsonNode> products = byId(ask(() -> catalog.products(String.join(",", ids), MAX_IDS, authorization)));
        JsonNode location = locationId == null ? null
                : byId(ask(() -> catalog.locations(locationId, 1, authorization))).get(locationId);
        return new Found(products, location);
    }

    private JsonNode ask(Supplier<JsonNode> call) {
        try {
            return guard.get(call);
        } catch (Answered.Refusal refusal) {
            throw unavailable(refusal);
        }
    }

    private static Map<String, JsonNode> byId(JsonNode page) {
        Map<String, JsonNode> records = new HashMap<>();
        for (JsonNode record : page.path("data")) {
            records.put(record.path("id").asText(), record);
        }
        return records;
    }

    private static JsonNode fallback(Throwable cause) {
        throw unavailable(cause);
    }

    private static ApiException unavailable(Throwable cause) {
        LOG.warnf("Checking an order at the catalog failed: catalog-service %s", cause instanceof Answered answered
                ? "answered " + answered.status : "could not be reached: " + cause);
        return new ApiException(503, "service_unavailable",
                "The catalog could not price the order just now, so it was not placed; try again");
    }
}
