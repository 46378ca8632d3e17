package dev.entrepot.integrations.rest;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.integrations.config.IntegrationsConfig;
import dev.entrepot.integrations.connect.ConnectionEvents;
import dev.entrepot.integrations.connect.ConnectionStore;
import dev.entrepot.integrations.connect.Connector;
import dev.entrepot.integrations.connect.Connectors;
import dev.entrepot.integrations.connect.OAuthClient;
import dev.entrepot.integrations.connect.Views;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.Envelope;
import dev.entrepot.platform.api.Formats;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/**
 * The OAuth 2.0 authorization-code flow (RFC 6749 section 4.1). {@code GET /oauth/connect/{connector}
 * ?configuration_id=…} redirects the merchant to the provider with a {@code state} of 256 random bits,
 * kept in Redis for ten minutes with the caller's organization, user and configuration; the provider
 * sends the merchant back to {@code GET /oauth/callback?code=…&state=…}, which takes the state once
 * (a wrong, expired or replayed state is refused), exchanges the code at the token URL and creates the
 * connection in the caller's organization. The callback needs no credential: the state stands for the
 * caller (the gateway lets it through).
 */
@Path("/api/v1/oauth")
@Produces(Formats.JSON)
public class OAuthResource {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STATE = "entrepot:oauth-state:";
    private static final int STATE_SECONDS = 600;

    private final Caller caller;
    private final Connectors connectors;
    private final ConnectionStore store;
    private final OAuthClient oauth;
    private final ConnectionEvents events;
    private final RedisDataSource redis;
    private final String callbackUrl;
    @Context
    UriInfo uri;

    OAuthResource(Caller caller, Connectors connectors, ConnectionStore store, OAuthClient oauth, ConnectionEvents events,
            RedisDataSource redis, IntegrationsConfig config) {
        this.caller = caller;
        this.connectors = connectors;
        this.store = store;
        this.oauth = oauth;
        this.events = events;
        this.redis = redis;
        this.callbackUrl = config.oauth().callbackUrl();
    }

    @GET
    @Path("connect/{connector}")
    public jakarta.ws.rs.core.Response connect(@PathParam("connector") String connectorId,
            @QueryParam("configuration_id") String configurationId) {
        caller.requireAdministrator();
        String organization = caller.organization();
        Connector connector = connectors.require(organization, connectorId);
        if (!connector.isOAuth2()) {
            throw ApiException.badRequest("Connector " + connectorId + " does not use OAuth 2.0 (" + connector.authType() + ")");
        }
        if (configurationId == null) {
            throw ApiException.badParameter("configuration_id", "Name the configuration to connect with: ?configuration_id=…");
        }
        ConnectionStore.Configuration configuration = store.configuration(organization, connectorId, configurationId)
                .orElseThrow(() -> ApiException.badParameter("configuration_id", "No configuration " + configurationId + " of " + connectorId));
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ObjectNode bound = MAPPER.createObjectNode().put("organization", organization).put("subject", caller.subject())
                .put("connector", connectorId).put("configuration", configurationId);
        redis.execute("SET", STATE + state, bound.toString(), "EX", Integer.toString(STATE_SECONDS));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", configuration.clientId());
        query.put("redirect_uri", callbackUrl);
        if (!configuration.scopes().isEmpty()) {
            query.put("scope", String.join(" ", configuration.scopes()));
        }
        query.putAll(connector.authorizationParams());
        query.put("state", state);
        StringJoiner encoded = new StringJoiner("&");
        query.forEach((key, value) -> encoded.add(encode(key) + "=" + encode(value)));
        String separator = connector.authorizationUrl().contains("?") ? "&" : "?";
        return jakarta.ws.rs.core.Response.status(302).location(URI.create(connector.authorizationUrl() + separator + encoded)).build();
    }

    @GET
    @Path("callback")
    public jakarta.ws.rs.core.Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error) {
        Response taken = state == null || state.length() > 100 ? null : redis.execute("GETDEL", STATE + state);
        if (taken == null) {
            throw new ApiException(400, "invalid_state", "Unknown, expired or already used state: start again from /oauth/connect");
        }
        JsonNode bound;
        try {
            bound = MAPPER.readTree(taken.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (error != null) {
            throw new ApiException(400, "authorization_denied", "The provider did not authorize: " + error);
        }
        if (code == null || code.isBlank() || code.length() > 4000) {
            throw ApiException.badParameter("code", "The callback carries no authorization code");
        }
        String organization = bound.path("organization").asText();
        String connectorId = bound.path("connector").asText();
        Connector connector = connectors.require(organization, connectorId);
        ConnectionStore.Configuration configuration = store.configuration(organization, connectorId,
                bound.path("configuration").asText()).orElseThrow(() -> ApiException.notFound("The configuration was deleted meanwhile"));
        OAuthClient.Tokens tokens;
        try {
            tokens = oauth.exchangeCode(connector, configuration, code, callbackUrl);
        } catch (OAuthClient.Refused refused) {
            throw new ApiException(400, "authorization_failed", refused.getMessage());
        }
        ConnectionStore.Connection connection = QuarkusTransaction.requiringNew().call(() -> {
            ConnectionStore.Connection added = store.addConnection(organization, connectorId, configuration.id(),
                    tokens.accessToken(), tokens.refreshToken(), tokens.expiresAt());
            events.publish(organization, "created", added);
            return added;
        });
        return jakarta.ws.rs.core.Response.status(201)
                .entity(Envelope.record(201, "Connected", Views.connection(connection), null, uri.getPath())).build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
