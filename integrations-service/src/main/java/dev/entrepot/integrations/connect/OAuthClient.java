package dev.entrepot.integrations.connect;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The OAuth 2.0 token endpoint of a connector (RFC 6749): an authorization code or a refresh token
 * exchanged for tokens, with the configuration's client credentials, through {@link ThirdPartyHttp} (the
 * token URL checked and the connection pinned to the checked address). No token, code or secret is ever
 * logged; a provider's refusal is reported by its {@code error} code only. A token that could not be sent
 * back in a header (anything but visible ASCII, RFC 6749 appendix A) counts as no answer.
 */
@ApplicationScoped
public class OAuthClient {

    private static final Logger LOG = Logger.getLogger(OAuthClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The most of a token endpoint's answer that is read. */
    private static final int MAX_ANSWER_BYTES = 256 * 1024;

    private final ThirdPartyHttp http;

    OAuthClient(ThirdPartyHttp http) {
        this.http = http;
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
        URI tokenUrl;
        try {
            tokenUrl = new URI(connector.tokenUrl() == null ? "" : connector.tokenUrl());
        } catch (URISyntaxException e) {
            tokenUrl = null;
        }
        if (tokenUrl == null || tokenUrl.getScheme() == null) {
            throw new ApiException(409, "no_token_url", "Connector " + connector.id() + " has no usable token URL");
        }
        StringJoiner body = new StringJoiner("&");
        form.forEach((key, value) -> body.add(encode(key) + "=" + encode(value)));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
        headers.put("Accept", List.of("application/json"));
        int status;
        byte[] read;
        try (ThirdPartyHttp.Answer response = http.send("The token endpoint of connector " + connector.id(), "POST", tokenUrl, headers,
                body.toString().getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(15)); InputStream in = response.body()) {
            status = response.status();
            read = in.readNBytes(MAX_ANSWER_BYTES);
        } catch (IOException e) {
            LOG.warnf("The token endpoint of connector %s could not be reached: %s", connector.id(), e.getClass().getSimpleName());
            throw unavailable(connector);
        }
        JsonNode answer;
        try {
            answer = MAPPER.readTree(read);
        } catch (IOException e) {
            answer = MAPPER.createObjectNode();
        }
        if (answer == null || !answer.isObject()) {
            answer = MAPPER.createObjectNode();
        }
        if (status >= 400 && status < 500) {
            String error = answer.path("error").isTextual() && answer.path("error").textValue().matches("[\\x20-\\x7e]{1,100}")
                    ? answer.path("error").textValue() : "http_" + status;
            LOG.warnf("The token endpoint of connector %s refused: %s", connector.id(), error);
            throw new Refused("The provider refused the grant: " + error);
        }
        String accessToken = answer.path("access_token").isTextual() ? answer.path("access_token").textValue() : null;
        String refreshToken = answer.path("refresh_token").isTextual() ? answer.path("refresh_token").textValue() : null;
        if (status != 200 || !sendable(accessToken) || refreshToken != null && !sendable(refreshToken)) {
            LOG.warnf("The token endpoint of connector %s answered %d without a usable access token", connector.id(), status);
            throw unavailable(connector);
        }
        long expiresIn = answer.path("expires_in").asLong(0);
        return new Tokens(accessToken, refreshToken, expiresIn > 0 ? OffsetDateTime.now(Clock.systemUTC()).plusSeconds(expiresIn) : null);
    }

    /** A token of 1 to 8000 visible ASCII characters, which a header can carry. */
    static boolean sendable(String token) {
        return token != null && !token.isEmpty() && token.length() <= 8000 && token.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    private static ApiException unavailable(Connector connector) {
        return new ApiException(503, "provider_unavailable", "The token endpoint of " + connector.name()
                + " did not answer as expected; try again");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
