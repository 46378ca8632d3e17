package dev.entrepot.platform.integrationdata;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.BatchAnswer;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.NamespaceState;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.RecordWritten;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract.WriteAnswer;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Forwards a record's integration-data patch to integrations-service, the authority (docs/integration-data.md),
 * with the caller's own internal token, and answers with each written namespace's new state. Its refusals
 * (a 4xx, such as 403 or 422) come back to the client as they are and do not count against the circuit
 * breaker; integrations-service unreachable, slower than {@link IntegrationsDataConfig#timeout}, failing
 * or shunned by the open breaker is a 503, and the entity service then writes nothing either. A write is
 * never retried: a PATCH that timed out may have been applied.
 */
@ApplicationScoped
public class IntegrationsDataClient {

    private static final Logger LOG = Logger.getLogger(IntegrationsDataClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final IntegrationsDataApi api;
    private final IntegrationsDataApi batchApi;
    private final TypedGuard<WriteAnswer> guard;
    private final TypedGuard<BatchAnswer> batchGuard;

    IntegrationsDataClient(IntegrationsDataConfig config) {
        this.api = api(config, config.timeout());
        this.batchApi = api(config, config.batchTimeout());
        this.guard = guard(WriteAnswer.class, "integrations-service writes", config.timeout());
        this.batchGuard = guard(BatchAnswer.class, "integrations-service batch writes", config.batchTimeout());
    }

    private static IntegrationsDataApi api(IntegrationsDataConfig config, Duration timeout) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(config.url().replaceFirst("/+$", "")))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build(IntegrationsDataApi.class);
    }

    private static <T> TypedGuard<T> guard(Class<T> answer, String description, Duration timeout) {
        return TypedGuard.create(answer).withDescription(description)
                .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                // Half of the last 20 writes failing opens it for 5 s; refusals are answers, not failures.
                .withCircuitBreaker().requestVolumeThreshold(20).failureRatio(0.5).delay(5, ChronoUnit.SECONDS)
                .successThreshold(2).skipOn(Answered.Refusal.class).done()
                .withFallback().handler(IntegrationsDataClient::<T>fallback).skipOn(Answered.Refusal.class).done()
                .build();
    }

    /** An answer of integrations-service that is not a success. */
    static class Answered extends RuntimeException {

        final int status;
        final String body;

        Answered(int status, String body) {
            super("integrations-service answered " + status, null, false, false);
            this.status = status;
            this.body = body;
        }

        static Answered of(int status, String body) {
            return status >= 400 && status < 500 ? new Refusal(status, body) : new Answered(status, body);
        }

        /** A 4xx: integrations-service is up and said no. */
        static final class Refusal extends Answered {
            Refusal(int status, String body) {
                super(status, body);
            }
        }
    }

    public List<NamespaceState> write(EntityType type, String recordId, ObjectNode patch, Caller caller) {
        String elevation = caller.elevation().name().toLowerCase(Locale.ROOT);
        WriteAnswer answer = guarded(guard, () -> api.write(type.name(), recordId, elevation, caller.authorization(), patch));
        return answer.data() == null ? List.of() : answer.data();
    }

    /** One patch per record, all written or none; a refusal's errors carry the index of the item in {@code patches}. */
    public List<RecordWritten> writeMany(String entity, Map<String, ObjectNode> patches, Caller caller) {
        String elevation = caller.elevation().name().toLowerCase(Locale.ROOT);
        ObjectNode items = MAPPER.createObjectNode();
        ArrayNode data = items.putArray("data");
        patches.forEach((recordId, patch) -> data.addObject().put("record_id", recordId).set("integrationsData", patch));
        BatchAnswer answer = guarded(batchGuard, () -> batchApi.writeMany(entity, elevation, caller.authorization(), items));
        return answer.data() == null ? List.of() : answer.data();
    }

    private static <T> T guarded(TypedGuard<T> guard, Supplier<T> call) {
        try {
            return guard.get(call);
        } catch (Answered.Refusal refusal) {
            // A 401 or 404 is not about this write (a token integrations-service does not take, an entity it
            // does not know): the deployment is wrong, and the client can only try again later.
            if (refusal.status == 401 || refusal.status == 404) {
                throw unavailable(refusal);
            }
            throw refusal(refusal.status, refusal.body);
        }
    }

    private static ApiException refusal(int status, String body) {
        JsonNode envelope;
        try {
            envelope = MAPPER.readTree(body);
        } catch (Exception e) {
            envelope = MAPPER.createObjectNode();
        }
        List<FieldError> errors = new ArrayList<>();
        envelope.path("errors").forEach(error -> errors.add(new FieldError(
                error.path("index").isInt() ? error.get("index").intValue() : null, error.path("field").asText(null),
                error.path("message").asText(), status)));
        return new ApiException(status, envelope.path("error_code").asText("refused"), envelope.path("message").asText("Refused"),
                errors);
    }

    private static <T> T fallback(Throwable cause) {
        throw unavailable(cause);
    }

    private static ApiException unavailable(Throwable cause) {
        LOG.warnf("Writing integration data failed: integrations-service %s", cause instanceof Answered answered
                ? "answered " + answered.status : "could not be reached: " + cause);
        return new ApiException(503, "service_unavailable",
                "Integration data could not be written just now, so nothing was changed; try again");
    }
}
