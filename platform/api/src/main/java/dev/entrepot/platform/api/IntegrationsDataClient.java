package dev.entrepot.platform.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Forwards a record's integration-data patch to integrations-service, the authority (DESIGN.md section 4),
 * with the caller's own internal token, and answers with each written namespace's new state. Its refusals
 * (403, 422) come back to the client as they are; integrations-service unreachable, slow or failing is a
 * 503, and the entity service then writes nothing either.
 */
@ApplicationScoped
public class IntegrationsDataClient {

    private static final Logger LOG = Logger.getLogger(IntegrationsDataClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Optional<String> baseUrl;
    private final Duration timeout;
    private final HttpClient client;

    IntegrationsDataClient(@ConfigProperty(name = "entrepot.integrations.url") Optional<String> baseUrl,
            @ConfigProperty(name = "entrepot.integrations.timeout", defaultValue = "PT5S") Duration timeout) {
        this.baseUrl = baseUrl.map(url -> url.replaceFirst("/+$", ""));
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** A namespace as integrations-service wrote it. */
    public record Namespace(String integration, JsonNode values, long version) {
    }

    /** Whether this service keeps integration data at all (identity-service does not). */
    public boolean isConfigured() {
        return baseUrl.isPresent();
    }

    public List<Namespace> write(EntityType type, String recordId, ObjectNode patch, Caller caller) {
        URI uri = URI.create(baseUrl.orElseThrow() + "/internal/v1/integrations-data/" + type.name() + "/" + recordId
                + "?elevation=" + caller.elevation().name().toLowerCase(Locale.ROOT));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", Formats.JSON)
                .header("Accept", Formats.JSON).header("Authorization", caller.authorization())
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch.toString())).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable("could not be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("was interrupted");
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw unavailable("answered " + response.statusCode() + " with a body that is not JSON");
        }
        int status = response.statusCode();
        if (status == 200) {
            List<Namespace> namespaces = new ArrayList<>();
            body.path("data").forEach(namespace -> namespaces.add(new Namespace(namespace.path("integration").asText(),
                    namespace.path("values"), namespace.path("version").asLong())));
            return namespaces;
        }
        if (status >= 400 && status < 500 && status != 401 && status != 404) {
            throw refusal(status, body);
        }
        throw unavailable("answered " + status);
    }

    private static ApiException refusal(int status, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        body.path("errors").forEach(error -> errors.add(new FieldError(null, error.path("field").asText(null),
                error.path("message").asText(), status)));
        return new ApiException(status, body.path("error_code").asText("refused"), body.path("message").asText("Refused"), errors);
    }

    private static ApiException unavailable(String what) {
        LOG.warnf("Writing integration data failed: integrations-service %s", what);
        return new ApiException(503, "service_unavailable",
                "Integration data could not be written just now, so nothing was changed; try again");
    }
}
