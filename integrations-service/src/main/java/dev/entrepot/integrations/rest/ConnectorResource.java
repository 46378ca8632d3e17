package dev.entrepot.integrations.rest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.entrepot.integrations.connect.ConnectionEvents;
import dev.entrepot.integrations.connect.ConnectionStore;
import dev.entrepot.integrations.connect.Connector;
import dev.entrepot.integrations.connect.Connectors;
import dev.entrepot.integrations.connect.Input;
import dev.entrepot.integrations.connect.TokenRefresher;
import dev.entrepot.integrations.connect.Views;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Body;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.Envelope;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.api.Formats;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Connectors, their configurations (the app's client credentials) and connections (an account's
 * tokens), each inside the caller's organization: another organization's is a 404. Reading is open to
 * every caller of the organization; writing needs an owner or admin (an API key acts as owner). Secrets
 * are masked in every answer.
 */
@Path("/api/v1/connectors")
@Produces(Formats.JSON)
@Consumes(Formats.JSON)
public class ConnectorResource {

    private static final int MAX_SCOPES = 50;
    private static final Set<String> CONFIGURATION_FIELDS = Set.of("credentials", "scopes");
    private static final Set<String> OAUTH2_CREDENTIALS = Set.of("clientId", "clientSecret");
    private static final Set<String> OAUTH1_CREDENTIALS = Set.of("consumerKey", "consumerSecret");
    private static final Set<String> CONNECTION_FIELDS = Set.of("configuration_id", "credentials");
    private static final Set<String> CONNECTION_CREDENTIALS = Set.of("accessToken", "refreshToken", "expiresAt");

    private final Caller caller;
    private final Connectors connectors;
    private final ConnectionStore store;
    private final TokenRefresher refresher;
    private final ConnectionEvents events;
    @Context
    UriInfo uri;

    ConnectorResource(Caller caller, Connectors connectors, ConnectionStore store, TokenRefresher refresher, ConnectionEvents events) {
        this.caller = caller;
        this.connectors = connectors;
        this.store = store;
        this.refresher = refresher;
        this.events = events;
    }

    @GET
    public Envelope list() {
        List<JsonNode> all = new ArrayList<>();
        connectors.all(caller.organization()).forEach(connector -> all.add(connector.json()));
        return list(all);
    }

    @GET
    @Path("{connector}")
    public Envelope get(@PathParam("connector") String connector) {
        return one(200, "OK", connectors.require(caller.organization(), connector).json());
    }

    @POST
    public Response add(Body body) {
        String organization = writer();
        return created(connectors.add(organization, Body.required(body).single()).json());
    }

    @DELETE
    @Path("{connector}")
    public Response remove(@PathParam("connector") String connector) {
        connectors.remove(writer(), connector);
        return Response.noContent().build();
    }

    @GET
    @Path("{connector}/configurations")
    public Envelope configurations(@PathParam("connector") String connector) {
        String organization = caller.organization();
        connectors.require(organization, connector);
        List<JsonNode> all = new ArrayList<>();
        store.configurations(organization, connector).forEach(configuration -> all.add(Views.configuration(configuration)));
        return list(all);
    }

    @GET
    @Path("{connector}/configurations/{id}")
    public Envelope configuration(@PathParam("connector") String connector, @PathParam("id") String id) {
        return one(200, "OK", Views.configuration(configurationOf(caller.organization(), connector, id)));
    }

    /** {@code {"credentials": {"clientId", "clientSecret"}, "scopes": [...]}} ({@code consumerKey}/{@code consumerSecret} for OAuth 1). */
    @POST
    @Path("{connector}/configurations")
    public Response addConfiguration(@PathParam("connector") String connectorId, Body body) {
        String organization = writer();
        Connector connector = connectors.require(organization, connectorId);
        ConfigurationInput input = configurationInput(connector, Body.required(body).single(), false);
        return created(Views.configuration(store.addConfiguration(organization, connectorId, input.clientId(), input.clientSecret(),
                input.scopes() == null ? List.of() : input.scopes())));
    }

    /** Changes what is sent of the credentials and the scopes; what is not sent stays. */
    @PATCH
    @Path("{connector}/configurations/{id}")
    public Envelope updateConfiguration(@PathParam("connector") String connectorId, @PathParam("id") String id, Body body) {
        String organization = writer();
        Connector connector = connectors.require(organization, connectorId);
        ConfigurationInput input = configurationInput(connector, Body.required(body).single(), true);
        return one(200, "Updated", Views.configuration(store.updateConfiguration(organization, connectorId, id, input.clientId(),
                input.clientSecret(), input.scopes())));
    }

    /** A configuration's fields as sent; in a partial one, null for what was not sent. */
    private record ConfigurationInput(String clientId, String clientSecret, List<String> scopes) {
    }

    private static ConfigurationInput configurationInput(Connector connector, JsonNode request, boolean partial) {
        boolean oauth1 = connector.authType().equals("OAUTH1");
        String idField = oauth1 ? "consumerKey" : "clientId";
        String secretField = oauth1 ? "consumerSecret" : "clientSecret";
        JsonNode credentials = request.path("credentials");
        List<FieldError> errors = new ArrayList<>();
        Input.unknownFields(request, "", CONFIGURATION_FIELDS, "configuration", errors);
        Input.unknownFields(credentials, "credentials", oauth1 ? OAUTH1_CREDENTIALS : OAUTH2_CREDENTIALS, "configuration", errors);
        Input.noNul(request, "", errors);
        if (partial && !request.has("credentials") && !request.has("scopes")) {
            errors.add(FieldError.of("credentials", "send credentials, scopes or both: nothing would change"));
        }
        if (partial && request.has("credentials") && (!credentials.isObject() || credentials.isEmpty())) {
            errors.add(FieldError.of("credentials", "credentials is an object naming what changes: "
                    + (oauth1 ? "consumerKey, consumerSecret" : "clientId, clientSecret")));
        }
        String clientId = partial && !credentials.has(idField) ? null : text(credentials, idField, 500, errors);
        String clientSecret = partial && !credentials.has(secretField) ? null : text(credentials, secretField, 2000, errors);
        List<String> scopes = null;
        JsonNode given = request.path("scopes");
        if (!given.isMissingNode() && !given.isNull()) {
            scopes = new ArrayList<>();
            if (!given.isArray() || given.size() > MAX_SCOPES) {
                errors.add(FieldError.of("scopes", "scopes is a list of at most " + MAX_SCOPES + " strings"));
            } else {
                for (JsonNode scope : given) {
                    if (scope.isTextual() && !scope.textValue().isBlank() && scope.textValue().length() <= 200) {
                        scopes.add(scope.textValue());
                    } else {
                        errors.add(FieldError.of("scopes", "each scope is text of 1 to 200 characters"));
                    }
                }
            }
        } else if (partial && given.isNull()) {
            scopes = List.of();
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new ConfigurationInput(clientId, clientSecret, scopes);
    }

    @DELETE
    @Path("{connector}/configurations/{id}")
    public Response deleteConfiguration(@PathParam("connector") String connector, @PathParam("id") String id) {
        store.deleteConfiguration(writer(), connector, id);
        return Response.noContent().build();
    }

    @GET
    @Path("{connector}/connections")
    public Envelope connections(@PathParam("connector") String connector) {
        String organization = caller.organization();
        connectors.require(organization, connector);
        List<JsonNode> all = new ArrayList<>();
        store.connections(organization, connector).forEach(connection -> all.add(Views.connection(connection)));
        return list(all);
    }

    @GET
    @Path("{connector}/connections/{id}")
    public Envelope connection(@PathParam("connector") String connector, @PathParam("id") String id) {
        return one(200, "OK", Views.connection(connectionOf(caller.organization(), connector, id)));
    }

    /** Imports an account's tokens: {@code {"configuration_id", "credentials": {"accessToken", "refreshToken", "expiresAt"}}}. */
    @POST
    @Path("{connector}/connections")
    public Response importConnection(@PathParam("connector") String connector, Body body) {
        String organization = writer();
        connectors.require(organization, connector);
        JsonNode request = Body.required(body).single();
        List<FieldError> errors = new ArrayList<>();
        Input.unknownFields(request, "", CONNECTION_FIELDS, "connection", errors);
        Input.unknownFields(request.path("credentials"), "credentials", CONNECTION_CREDENTIALS, "connection", errors);
        Input.noNul(request, "", errors);
        String configurationId = text(request, "configuration_id", 15, errors);
        JsonNode credentials = request.path("credentials");
        String accessToken = token(credentials, "accessToken", errors);
        String refreshToken = credentials.hasNonNull("refreshToken") ? token(credentials, "refreshToken", errors) : null;
        OffsetDateTime expiresAt = null;
        if (credentials.hasNonNull("expiresAt")) {
            try {
                expiresAt = OffsetDateTime.parse(credentials.path("expiresAt").asText());
            } catch (DateTimeParseException e) {
                errors.add(FieldError.of("credentials.expiresAt", "credentials.expiresAt is an RFC 3339 time, e.g. 2026-12-01T10:00:00Z"));
            }
        }
        if (configurationId != null && store.configuration(organization, connector, configurationId).isEmpty()) {
            errors.add(FieldError.of("configuration_id", "No configuration " + configurationId + " of connector " + connector));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        OffsetDateTime expires = expiresAt;
        ConnectionStore.Connection connection = QuarkusTransaction.requiringNew().call(() -> {
            ConnectionStore.Connection added = store.addConnection(organization, connector, configurationId, accessToken, refreshToken, expires);
            events.publish(organization, "created", added);
            return added;
        });
        return created(Views.connection(connection));
    }

    /** Refreshes the connection's token now, whatever its expiry. */
    @POST
    @Path("{connector}/connections/{id}/refresh")
    public Envelope refresh(@PathParam("connector") String connector, @PathParam("id") String id) {
        String organization = writer();
        ConnectionStore.Connection connection = refresher.fresh(organization, connectionOf(organization, connector, id), true);
        return one(200, "Connection refreshed", Views.connection(connection));
    }

    @DELETE
    @Path("{connector}/connections/{id}")
    public Response deleteConnection(@PathParam("connector") String connector, @PathParam("id") String id) {
        String organization = writer();
        QuarkusTransaction.requiringNew().run(() -> events.publish(organization, "deleted", store.deleteConnection(organization, connector, id)));
        return Response.noContent().build();
    }

    private ConnectionStore.Configuration configurationOf(String organization, String connector, String id) {
        connectors.require(organization, connector);
        return store.configuration(organization, connector, id).orElseThrow(() -> ApiException.notFound("No configuration " + id));
    }

    private ConnectionStore.Connection connectionOf(String organization, String connector, String id) {
        connectors.require(organization, connector);
        return store.connection(organization, id).filter(found -> found.connectorId().equals(connector))
                .orElseThrow(() -> ApiException.notFound("No connection " + id));
    }

    private String writer() {
        caller.requireAdministrator();
        return caller.organization();
    }

    private static String text(JsonNode node, String field, int maxLength, List<FieldError> errors) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.textValue().isBlank() || value.textValue().length() > maxLength) {
            errors.add(FieldError.of(field, field + " is required: text of at most " + maxLength + " characters"));
            return null;
        }
        return value.textValue();
    }

    /** A token the proxy can put in a header: 1 to 8000 visible ASCII characters. */
    private static String token(JsonNode node, String field, List<FieldError> errors) {
        String value = text(node, field, 8000, errors);
        if (value != null && !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            errors.add(FieldError.of(field, field + " is visible ASCII text (it is sent in a header)"));
            return null;
        }
        return value;
    }

    private Envelope one(int status, String message, JsonNode data) {
        return Envelope.record(status, message, data, null, uri.getPath());
    }

    private Response created(JsonNode data) {
        return Response.status(201).entity(one(201, "Created", data)).build();
    }

    private Envelope list(List<JsonNode> records) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        records.forEach(data::add);
        Envelope envelope = Envelope.record(200, "OK", data, null, uri.getPath());
        envelope.body().put("count", records.size()).put("total_count", records.size()).put("has_next", false);
        return envelope;
    }
}
