package dev.entrepot.integrations.connect;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The OAuth 2.0 token endpoint of a connector (RFC 6749): an authorization code or a refresh token
 * exchanged for tokens, with the configuration's client credentials. No token, code or secret is ever
 * logged; a provider's refusal is reported by its {@code error} code only.
 */
@ApplicationScoped
public class OAuthClient {

    private static final Logger LOG = Logger.getLogger(OAuthClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final UrlGuard guard;

    OAuthClient(UrlGuard guard) {
        this.guard = guard;
    }

    public record Tokens(String accessToken, String refreshToken, OffsetDateTime expiresAt) {
    }

    /** The provider refused (its answer was 4xx): the grant is no good, and retrying will not help. */
    public static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }

    public Tokens exchangeCode(Connector connector, ConnectionStore.Configuration configuration, String code, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        return request(connector, configuration, form);
    }

    public Tokens refresh(Connector connector, ConnectionStore.Configuration configuration, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return request(connector, configuration, form);
    }

    private Tokens request(Connector connector, ConnectionStore.Configuration configuration, Map<String, String> form) {
        form.put("client_id", configuration.clientId());
        form.put("client_secret", configuration.clientSecret());
        form.putAll(connector.tokenParams());
        URI tokenUrl = URI.create(connector.tokenUrl());
        if (guard.resolvesPrivately(tokenUrl.getHost())) {
            throw new ApiException(403, "private_address", "The token URL of connector " + connector.id() + " resolves to a private address");
        }
        StringJoiner body = new StringJoiner("&");
        form.forEach((key, value) -> body.add(encode(key) + "=" + encode(value)));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warnf("The token endpoint of connector %s could not be reached: %s", connector.id(), e.getClass().getSimpleName());
            throw unavailable(connector);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(connector);
        }
        JsonNode answer;
        try {
            answer = MAPPER.readTree(response.body());
        } catch (IOException e) {
            answer = MAPPER.createObjectNode();
        }
        if (response.statusCode() >= 400 && response.statusCode() < 500) {
            String error = answer.path("error").asText("http_" + response.statusCode());
            LOG.warnf("The token endpoint of connector %s refused: %s", connector.id(), error);
            throw new Refused("The provider refused the grant: " + error);
        }
        if (response.statusCode() != 200 || !answer.path("access_token").isTextual()) {
            LOG.warnf("The token endpoint of connector %s answered %d without an access token", connector.id(), response.statusCode());
            throw unavailable(connector);
        }
        long expiresIn = answer.path("expires_in").asLong(0);
        return new Tokens(answer.path("access_token").asText(), answer.path("refresh_token").asText(null),
                expiresIn > 0 ? OffsetDateTime.now(Clock.systemUTC()).plusSeconds(expiresIn) : null);
    }

    private static ApiException unavailable(Connector connector) {
        return new ApiException(503, "provider_unavailable", "The token endpoint of " + connector.name()
                + " did not answer as expected; try again");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
