package dev.entrepot.integrations.connect;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.testing.Concurrently;
import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.KafkaEvents;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Connectors, configurations, connections and the proxy against a real PostgreSQL, Redis and Kafka and a
 * real local HTTP server playing the OAuth provider and the third-party API ({@link ProviderStub}).
 */
@QuarkusTest
@RealInfrastructure(database = "integrations")
@QuarkusTestResource(value = ProviderStub.class, restrictToAnnotatedClass = true)
class ConnectionsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    DataSource dataSource;
    @Inject
    ConnectionStore store;

    private final String org = "org-" + UUID.randomUUID();
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    line.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                line.append(' ').append(record.getThrown());
            }
            logged.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
        ProviderStub.refusing = false;
    }

    @AfterEach
    void noSecretWasLogged() {
        Logger.getLogger("").removeHandler(capture);
        assertThat(logged).as("log lines").isNotEmpty().noneMatch(line -> line.contains(ProviderStub.CLIENT_SECRET)
                || line.contains("access-token-") || line.contains("refresh-token-") || line.contains(ProviderStub.CODE)
                || line.contains("imported-access-token"));
    }

    @Test
    void theSameConnectorAddedTwiceAtOnceIsOneConnectorAndA409() throws Exception {
        String connector = "twice-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> file = connectorFile(connector, ProviderStub.base() + "/api", 100);

        List<Integer> statuses = Concurrently.call(8, () -> as(owner()).body(file).post("/api/v1/connectors").statusCode());

        assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        as(owner()).get("/api/v1/connectors").then().body("data.findAll { it.id == '" + connector + "' }.size()", equalTo(1));
    }

    @Test
    void shippedConnectorsAndCustomOnesWhichAreCheckedAndKeptPerOrganization() {
        as(owner()).get("/api/v1/connectors").then().statusCode(200).body("data.id", hasItems("github", "google", "shopify"))
                .body("data.find { it.id == 'github' }.auth.tokenURL", equalTo("https://github.com/login/oauth/access_token"));
        String connector = addConnector(100);
        as(owner()).body(connectorFile(connector, ProviderStub.base() + "/api", 100)).post("/api/v1/connectors").then().statusCode(409);
        as(owner()).body(Map.of("id", "x", "auth", Map.of("authType", "SAML"))).post("/api/v1/connectors").then().statusCode(422)
                .body("errors.field", hasItems("id", "name", "auth.authType", "request.baseURL"));
        for (String privateUrl : List.of("https://169.254.169.254/latest", "https://10.0.0.5/api", "https://localhost/api",
                "https://[::1]/api", "http://example.com/api", "https://user@example.com/api")) {
            as(owner()).body(connectorFile("private-" + UUID.randomUUID().toString().substring(0, 8), privateUrl, 100))
                    .post("/api/v1/connectors").then().statusCode(422).body("errors.field", hasItem("request.baseURL"));
        }
        as(InternalTokens.bearer(org)).body(connectorFile("by-member", ProviderStub.base() + "/api", 100)).post("/api/v1/connectors")
                .then().statusCode(403);
        String other = "org-" + UUID.randomUUID();
        given().header("Authorization", InternalTokens.bearer(other)).get("/api/v1/connectors/" + connector).then().statusCode(404);
        given().header("Authorization", InternalTokens.bearer(other)).get("/api/v1/connectors").then()
                .body("data.id", not(hasItem(connector)));
    }

    @Test
    void aConfigurationsSecretIsEncryptedAtRestAndMaskedInEveryAnswer() throws Exception {
        String connector = addConnector(100);
        String configuration = addConfiguration(connector);
        as(owner()).get("/api/v1/connectors/" + connector + "/configurations").then().statusCode(200)
                .body("data[0].credentials.clientSecret", equalTo("secr****"))
                .body("data[0].credentials.clientId", equalTo(ProviderStub.CLIENT_ID))
                .body(not(containsString(ProviderStub.CLIENT_SECRET)));
        String stored = column("SELECT client_secret_sealed FROM configurations WHERE id = ?", configuration);
        assertThat(stored).startsWith("v2.").doesNotContain(ProviderStub.CLIENT_SECRET);
        given().header("Authorization", InternalTokens.bearer("org-" + UUID.randomUUID()))
                .get("/api/v1/connectors/" + connector + "/configurations/" + configuration).then().statusCode(404);
        as(owner()).body(Map.of("credentials", Map.of("clientId", "x"))).post("/api/v1/connectors/" + connector + "/configurations")
                .then().statusCode(422).body("errors.field", hasItem("clientSecret"));

        // A value sealed under master key 1 (before a rotation) still opens, and is re-wrapped under key 2.
        SecretBox oldKeyOnly = new SecretBox("1=dGVzdC1vbmx5LW1hc3Rlci1rZXktb25lLS0tLS0tLS0=");
        update("UPDATE configurations SET client_secret_sealed = ?, key_version = 1 WHERE id = ?",
                oldKeyOnly.seal("rotated-secret-value", "configuration:" + configuration + ":client_secret"), configuration);
        as(owner()).get("/api/v1/connectors/" + connector + "/configurations/" + configuration).then()
                .body("data.credentials.clientSecret", equalTo("rota****"));
        assertThat(store.rewrapAll()).isGreaterThanOrEqualTo(1);
        assertThat(column("SELECT client_secret_sealed FROM configurations WHERE id = ?", configuration)).startsWith("v2.");
        as(owner()).get("/api/v1/connectors/" + connector + "/configurations/" + configuration).then()
                .body("data.credentials.clientSecret", equalTo("rota****"));
    }

    @Test
    void aConfigurationChangesWhatIsSentAndKeepsTheRest() throws Exception {
        String connector = addConnector(100);
        String configuration = addConfiguration(connector);
        String path = "/api/v1/connectors/" + connector + "/configurations/" + configuration;
        String sealedBefore = column("SELECT client_secret_sealed FROM configurations WHERE id = ?", configuration);

        as(owner()).body(Map.of("scopes", List.of("read", "write"))).patch(path).then().statusCode(200)
                .body("message", equalTo("Updated")).body("data.scopes", equalTo(List.of("read", "write")))
                .body("data.credentials.clientId", equalTo(ProviderStub.CLIENT_ID));
        assertThat(column("SELECT client_secret_sealed FROM configurations WHERE id = ?", configuration)).isEqualTo(sealedBefore);

        as(owner()).body(Map.of("credentials", Map.of("clientSecret", "a-new-secret-value-never-shown"))).patch(path).then()
                .statusCode(200).body("data.credentials.clientSecret", equalTo("a-ne****"))
                .body("data.credentials.clientId", equalTo(ProviderStub.CLIENT_ID)).body("data.scopes", equalTo(List.of("read", "write")))
                .body(not(containsString("a-new-secret-value-never-shown")));
        assertThat(column("SELECT client_secret_sealed FROM configurations WHERE id = ?", configuration)).startsWith("v2.")
                .isNotEqualTo(sealedBefore).doesNotContain("a-new-secret-value-never-shown");
        as(owner()).get(path).then().body("data.credentials.clientSecret", equalTo("a-ne****"));

        // Refusals change nothing.
        as(owner()).body(Map.of()).patch(path).then().statusCode(422).body("errors.field", hasItem("credentials"));
        as(owner()).body(Map.of("credentials", Map.of())).patch(path).then().statusCode(422).body("errors.field", hasItem("credentials"));
        as(owner()).body("{\"credentials\": null}").patch(path).then().statusCode(422).body("errors.field", hasItem("credentials"));
        as(owner()).body(Map.of("credentials", Map.of("clientId", " "), "scopes", List.of("x"))).patch(path).then().statusCode(422)
                .body("errors.field", hasItem("clientId"));
        as(owner()).body(Map.of("credentials", Map.of("consumerKey", "k"))).patch(path).then().statusCode(422)
                .body("errors.field", hasItem("credentials.consumerKey"));
        as(InternalTokens.bearerForUser(org, "member")).body(Map.of("scopes", List.of())).patch(path).then().statusCode(403);
        as(InternalTokens.bearerForUser("org-" + UUID.randomUUID(), "owner")).body(Map.of("scopes", List.of())).patch(path)
                .then().statusCode(404);
        as(owner()).body(Map.of("scopes", List.of())).patch("/api/v1/connectors/github/configurations/" + configuration)
                .then().statusCode(404);
        as(owner()).get(path).then().body("data.scopes", equalTo(List.of("read", "write")))
                .body("data.credentials.clientSecret", equalTo("a-ne****"));
    }

    @Test
    void theAuthorizationCodeFlowChecksItsStateOnceAndMakesAConnection() {
        String connector = addConnector(100);
        String configuration = addConfiguration(connector);
        Response redirect = as(owner()).redirects().follow(false).queryParam("configuration_id", configuration)
                .get("/api/v1/oauth/connect/" + connector);
        redirect.then().statusCode(302);
        URI location = URI.create(redirect.header("Location"));
        Map<String, String> query = query(location.getRawQuery());
        assertThat(location.toString()).startsWith(ProviderStub.base() + "/oauth/authorize?");
        assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", ProviderStub.CLIENT_ID)
                .containsEntry("scope", "read write").containsKey("redirect_uri");
        String state = query.get("state");
        assertThat(state).hasSizeGreaterThanOrEqualTo(43);

        given().queryParam("code", ProviderStub.CODE).queryParam("state", "forged-" + state).get("/api/v1/oauth/callback")
                .then().statusCode(400).body("error_code", equalTo("invalid_state"));
        String connection = given().queryParam("code", ProviderStub.CODE).queryParam("state", state).get("/api/v1/oauth/callback")
                .then().statusCode(201).body("data.status", equalTo("valid")).body("data.payload.accessToken", equalTo("acce****"))
                .body(not(containsString("access-token-"))).extract().path("data.id");
        given().queryParam("code", ProviderStub.CODE).queryParam("state", state).get("/api/v1/oauth/callback")
                .then().statusCode(400).body("error_code", equalTo("invalid_state"));
        as(owner()).get("/api/v1/connectors/" + connector + "/connections/" + connection).then().statusCode(200)
                .body("data.payload.refreshToken", equalTo("refr****"));
        given().header("Authorization", InternalTokens.bearer("org-" + UUID.randomUUID()))
                .get("/api/v1/connectors/" + connector + "/connections/" + connection).then().statusCode(404);
    }

    @Test
    void aTokenNearExpiryIsRefreshedOnceForFiftyConcurrentCallsAndTheRotatedRefreshTokenIsKept() throws Exception {
        String connector = addConnector(1000);
        String connection = importConnection(connector, addConfiguration(connector), Instant.now().plusSeconds(60));
        int before = ProviderStub.REFRESHES.get();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Callable<JsonNode> call = () -> MAPPER.readTree(as(owner()).get("/api/v1/proxy/" + connection + "/echo").then()
                    .statusCode(200).extract().asString());
            calls.add(pool.submit(call));
        }
        List<String> seen = new ArrayList<>();
        for (Future<JsonNode> call : calls) {
            seen.add(call.get().path("authorization").asText());
        }
        pool.shutdown();
        assertThat(ProviderStub.REFRESHES.get() - before).as("token requests for 50 concurrent calls").isEqualTo(1);
        assertThat(seen).hasSize(50).allMatch(header -> header.equals(seen.get(0))).allMatch(header -> header.startsWith("Bearer access-token-"));

        // The provider rotated the refresh token: only the new one works, and it was kept.
        as(owner()).post("/api/v1/connectors/" + connector + "/connections/" + connection + "/refresh").then().statusCode(200)
                .body("message", equalTo("Connection refreshed")).body("data.status", equalTo("valid"))
                .body("data.payload.accessToken", equalTo("acce****"));
        String after = MAPPER.readTree(as(owner()).get("/api/v1/proxy/" + connection + "/echo").then().extract().asString())
                .path("authorization").asText();
        assertThat(after).startsWith("Bearer access-token-").isNotEqualTo(seen.get(0));

        // A holder whose lease ran out while it waited cannot overwrite what a later holder stored.
        long fence = store.connection(org, connection).orElseThrow().fence();
        assertThat(store.storeRefreshed(connection, fence + 10, "access-token-newer", null, null)).isTrue();
        assertThat(store.storeRefreshed(connection, fence + 5, "access-token-stale", null, null)).isFalse();
        assertThat(store.connection(org, connection).orElseThrow().accessToken()).isEqualTo("access-token-newer");
    }

    @Test
    void aRefreshTheProviderRefusesMarksTheConnectionInvalidAndPublishesIt() {
        String connector = addConnector(100);
        String connection = importConnection(connector, addConfiguration(connector), Instant.now().plusSeconds(3600));
        try (KafkaEvents kafka = KafkaEvents.connect(bootstrapServers)) {
            ProviderStub.refusing = true;
            as(owner()).post("/api/v1/connectors/" + connector + "/connections/" + connection + "/refresh").then().statusCode(409)
                    .body("error_code", equalTo("connection_invalid")).body("message", containsString("invalid_grant"));
            as(owner()).get("/api/v1/connectors/" + connector + "/connections/" + connection).then()
                    .body("data.status", equalTo("invalid")).body("data.invalid_reason", containsString("invalid_grant"));
            as(owner()).get("/api/v1/proxy/" + connection + "/echo").then().statusCode(409);
            List<JsonNode> events = kafka.about(ConnectionEvents.TOPIC, connection, 2);
            assertThat(events).extracting(event -> event.path("type").asText()).containsExactly(
                    "entrepot.integrations.connection.created.v1", "entrepot.integrations.connection.invalidated.v1");
            assertThat(events.get(1).path("data").path("payload").path("accessToken").asText()).isEqualTo("impo****");
        }
    }

    @Test
    void theProxyInjectsTheCredentialsAndStreamsTheAnswerBack() {
        String connector = addConnector(100);
        String connection = importConnection(connector, addConfiguration(connector), null);
        as(owner()).header("Accept", "application/json").queryParam("page", "2").get("/api/v1/proxy/" + connection + "/repos/mine")
                .then().statusCode(200).header("X-RateLimit-Remaining", "99")
                .body("path", equalTo("/api/repos/mine")).body("query", equalTo("page=2"))
                .body("authorization", equalTo("Bearer imported-access-token-1"))
                .body("method", equalTo("GET"));
        as(owner()).body("{\"name\":\"x\"}").post("/api/v1/proxy/" + connection + "/items").then().statusCode(200)
                .body("method", equalTo("POST")).body("body", equalTo("{\"name\":\"x\"}"));
        byte[] large = as(owner()).get("/api/v1/proxy/" + connection + "/large").then().statusCode(200).extract().asByteArray();
        assertThat(large).hasSize(32 * 64 * 1024);
        given().header("Authorization", InternalTokens.bearerForUser("org-" + UUID.randomUUID(), "owner"))
                .get("/api/v1/proxy/" + connection + "/echo").then().statusCode(404);
    }

    @Test
    void aThirdPartys429IsHonouredUpToACapAndTheBudgetHoldsPerConnection() {
        String connector = addConnector(100);
        String connection = importConnection(connector, addConfiguration(connector), null);
        long started = System.nanoTime();
        as(owner()).get("/api/v1/proxy/" + connection + "/limited").then().statusCode(200).body("ok", equalTo(true));
        assertThat((System.nanoTime() - started) / 1_000_000).as("waited out Retry-After: 1").isGreaterThanOrEqualTo(900);

        int calls = ProviderStub.LIMITED_CALLS.get();
        as(owner()).get("/api/v1/proxy/" + connection + "/very-limited").then().statusCode(429)
                .header("Retry-After", equalTo("120")).body("error_code", equalTo("third_party_rate_limited"));
        as(owner()).get("/api/v1/proxy/" + connection + "/echo").then().statusCode(429).header("Retry-After", not(equalTo(null)));
        assertThat(ProviderStub.LIMITED_CALLS.get() - calls).as("calls that reached the third party").isEqualTo(1);

        String small = addConnector(3);
        String budgeted = importConnection(small, addConfiguration(small), null);
        for (int i = 0; i < 3; i++) {
            as(owner()).get("/api/v1/proxy/" + budgeted + "/echo").then().statusCode(200);
        }
        as(owner()).get("/api/v1/proxy/" + budgeted + "/echo").then().statusCode(429).body("error_code", equalTo("budget_exhausted"))
                .header("Retry-After", not(equalTo(null)));
    }

    @Test
    void nothingLeavesTheConnectorsHost() {
        String connector = addConnector(100);
        String connection = importConnection(connector, addConfiguration(connector), null);
        Map<String, Integer> statuses = new java.util.TreeMap<>();
        for (String path : List.of("@127.0.0.2/api", "http://169.254.169.254/latest", "https:%2F%2Fevil.example/x",
                "HTTP:/evil.example/x", "%40evil.example/x", "a/%2e/b", "..;/oauth/token", ".;/x", "a/..;x=1/..;/oauth/token",
                "%2e%2e;/oauth/token", "%2E;/x", "..%3b/oauth/token", "%2e%2e%3B/oauth/token", "%252e%252e;/oauth/token")) {
            statuses.put(path, given().urlEncodingEnabled(false).header("Authorization", owner())
                    .get("/api/v1/proxy/" + connection + "/" + path).statusCode());
        }
        assertThat(statuses).allSatisfy((path, status) -> assertThat(status).as(path).isEqualTo(400));
        // Dot segments the HTTP layer resolves before routing: the path no longer names this connection at all.
        for (String path : List.of("%2e%2e/oauth/token", "a/%2E%2E/%2e%2e/oauth", "../../oauth/token", "..%2foauth", "a%5c..%5c..%5coauth")) {
            given().urlEncodingEnabled(false).header("Authorization", owner())
                    .get("/api/v1/proxy/" + connection + "/" + path).then().statusCode(404);
        }
        int stolen = ProviderStub.STOLEN_CALLS.get();
        as(owner()).get("/api/v1/proxy/" + connection + "/redirect").then().statusCode(502)
                .body("error_code", equalTo("redirect_not_followed")).body("message", containsString("127.0.0.2"));
        assertThat(ProviderStub.STOLEN_CALLS.get()).isEqualTo(stolen);
    }

    @Test
    void aConnectorsUrlsAreReadAsTheResolverReadsThemAndEveryAddressOfTheirNamesIsChecked() {
        for (String url : List.of("https://[::127.0.0.1]/api", "https://[64:ff9b::7f00:1]", "https://[2002:7f00:1::]", "https://0x7f000001",
                "https://0177.0.0.1", "https://localhost.", "https://LocalHost.", "https://127.1", "https://2130706433",
                "https://[::ffff:169.254.169.254]", "https://[fe80::1%25eth0]", "http://provider.test.:" + ProviderStub.port + "/api",
                "https://private.test/api", "https://loopback.test/api", "https://metadata.test/latest")) {
            as(owner()).body(connectorFile("guarded-" + UUID.randomUUID().toString().substring(0, 8), url, 100)).post("/api/v1/connectors")
                    .then().statusCode(422).body("errors.field", hasItem("request.baseURL"));
        }
        as(owner()).body(connectorFile("guarded-resolved", "https://private.test/api", 100)).post("/api/v1/connectors").then()
                .body("errors.find { it.field == 'request.baseURL' }.message", containsString("10.0.0.1"));
        Map<String, Object> trailingDotTokenUrl = new HashMap<>(connectorFile("guarded-token", ProviderStub.base() + "/api", 100));
        trailingDotTokenUrl.put("auth", Map.of("authType", "OAUTH2", "authorizationURL", ProviderStub.base() + "/oauth/authorize",
                "tokenURL", "https://localhost./oauth/token"));
        as(owner()).body(trailingDotTokenUrl).post("/api/v1/connectors").then().statusCode(422)
                .body("errors.field", hasItem("auth.tokenURL"));
    }

    @Test
    void aConnectorStoredBeforeTheseRulesIsRefusedAtEachCallNeverA500() throws Exception {
        for (String baseUrl : List.of("https://localhost.", "https://0177.0.0.1")) {
            String id = "stored-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> file = new HashMap<>(connectorFile(id, baseUrl + "/api", 100));
            file.put("auth", Map.of("authType", "OAUTH2", "authorizationURL", baseUrl + "/oauth/authorize", "tokenURL", baseUrl + "/oauth/token"));
            try (var connection = dataSource.getConnection();
                    var insert = connection.prepareStatement("INSERT INTO connectors (org_id, id, definition) VALUES (?, ?, ?::jsonb)")) {
                insert.setString(1, org);
                insert.setString(2, id);
                insert.setString(3, MAPPER.writeValueAsString(file));
                insert.executeUpdate();
            }
            as(owner()).get("/api/v1/connectors/" + id).then().statusCode(200);
            String connection = importConnection(id, addConfiguration(id), null);
            as(owner()).get("/api/v1/proxy/" + connection + "/x").then().statusCode(403).body("error_code", equalTo("url_not_allowed"))
                    .body("message", containsString("Connector " + id));
            as(owner()).post("/api/v1/connectors/" + id + "/connections/" + connection + "/refresh").then().statusCode(403)
                    .body("error_code", equalTo("url_not_allowed"));
        }
    }

    @Test
    void theCallGoesToTheAddressThatWasCheckedWithTheHostKept() {
        String base = "http://provider.test:" + ProviderStub.port;
        String id = "pinned-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> file = new HashMap<>(connectorFile(id, base + "/api", 100));
        file.put("auth", Map.of("authType", "OAUTH2", "authorizationURL", base + "/oauth/authorize", "tokenURL", base + "/oauth/token"));
        as(owner()).body(file).post("/api/v1/connectors").then().statusCode(201);
        String connection = importConnection(id, addConfiguration(id), null);

        // No system resolver knows provider.test: the call reached the stub only at the address the guard was given.
        int lookups = TestResolver.lookups("provider.test");
        as(owner()).get("/api/v1/proxy/" + connection + "/echo").then().statusCode(200)
                .body("path", equalTo("/api/echo")).body("host", equalTo("provider.test:" + ProviderStub.port));
        assertThat(TestResolver.lookups("provider.test") - lookups).as("lookups for one call").isEqualTo(1);
        as(owner()).post("/api/v1/connectors/" + id + "/connections/" + connection + "/refresh").then().statusCode(200)
                .body("data.status", equalTo("valid"));
        assertThat(TestResolver.lookups("provider.test") - lookups).isEqualTo(2);
    }

    @Test
    void anotherOrganizationsConfigurationIsA404WhateverThePath() {
        String connector = addConnector(100);
        String configuration = addConfiguration(connector);
        String connection = importConnection(connector, configuration, null);
        String other = InternalTokens.bearerForUser("org-" + UUID.randomUUID(), "owner");
        as(other).body(connectorFile(connector, ProviderStub.base() + "/api", 100)).post("/api/v1/connectors").then().statusCode(201);
        for (String name : List.of(connector, "github", "no-such-connector")) {
            as(other).delete("/api/v1/connectors/" + name + "/configurations/" + configuration).then().statusCode(404)
                    .body("error_code", equalTo("not_found"));
            as(other).get("/api/v1/connectors/" + name + "/configurations/" + configuration).then().statusCode(404);
            as(other).delete("/api/v1/connectors/" + name + "/connections/" + connection).then().statusCode(404);
        }
        as(owner()).delete("/api/v1/connectors/github/configurations/" + configuration).then().statusCode(404);
        as(owner()).delete("/api/v1/connectors/" + connector + "/configurations/" + configuration).then().statusCode(409)
                .body("error_code", equalTo("referenced"));
        as(owner()).get("/api/v1/connectors/" + connector + "/connections/" + connection).then().statusCode(200);
        as(owner()).delete("/api/v1/connectors/" + connector + "/connections/" + connection).then().statusCode(204);
        as(owner()).delete("/api/v1/connectors/" + connector + "/configurations/" + configuration).then().statusCode(204);
        as(owner()).delete("/api/v1/connectors/" + connector + "/configurations/" + configuration).then().statusCode(404);
    }

    @Test
    void unknownFieldsAndValuesThatCannotBeSentAreRefusedAndNamed() {
        String id = "fields-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> file = new HashMap<>(connectorFile(id, ProviderStub.base() + "/api", 100));
        file.put("extra", true);
        file.put("auth", Map.of("authType", "OAUTH2", "tokenURL", ProviderStub.base() + "/oauth/token",
                "authorizationURL", ProviderStub.base() + "/oauth/authorize", "scope", "x"));
        file.put("request", Map.of("baseURL", ProviderStub.base() + "/api", "params", Map.of(),
                "headers", Map.of("Host", "evil.example", "X-Split", "a\r\nX-Injected: 1", "Bad Name", "x")));
        file.put("budget", Map.of("requests", 10, "window", "PT1M", "burst", 5));
        as(owner()).body(file).post("/api/v1/connectors").then().statusCode(422).body("error_code", equalTo("validation_failed"))
                .body("errors.field", hasItems("extra", "auth.scope", "request.params", "budget.burst", "request.headers.Host",
                        "request.headers.X-Split", "request.headers.Bad Name"))
                .body("errors.find { it.field == 'extra' }.message", equalTo("Unknown field 'extra' for connector"));
        as(owner()).body(Map.of("id", id, "name", "nul\0name", "auth", Map.of("authType", "API_KEY"),
                "request", Map.of("baseURL", ProviderStub.base() + "/api"))).post("/api/v1/connectors").then().statusCode(422)
                .body("errors.field", hasItem("name"));
        as(owner()).get("/api/v1/connectors/" + id).then().statusCode(404);

        String connector = addConnector(100);
        as(owner()).body(Map.of("credentials", Map.of("clientId", "a", "clientSecret", "b", "tenant", "t"), "scopes", List.of(), "note", 1))
                .post("/api/v1/connectors/" + connector + "/configurations").then().statusCode(422)
                .body("errors.field", hasItems("credentials.tenant", "note"))
                .body("errors.find { it.field == 'note' }.message", equalTo("Unknown field 'note' for configuration"));
        as(owner()).body(Map.of("credentials", "a string")).post("/api/v1/connectors/" + connector + "/configurations").then()
                .statusCode(422).body("errors.field", hasItem("credentials"));
        as(owner()).body(Map.of("credentials", Map.of("clientId", "a", "clientSecret", "b\0c")))
                .post("/api/v1/connectors/" + connector + "/configurations").then().statusCode(422)
                .body("errors.field", hasItem("credentials.clientSecret"));
        as(owner()).get("/api/v1/connectors/" + connector + "/configurations").then().body("count", equalTo(0));

        String configuration = addConfiguration(connector);
        as(owner()).body(Map.of("configuration_id", configuration, "status", "valid",
                "credentials", Map.of("accessToken", "a", "idToken", "x"))).post("/api/v1/connectors/" + connector + "/connections")
                .then().statusCode(422).body("errors.field", hasItems("status", "credentials.idToken"))
                .body("errors.find { it.field == 'status' }.message", equalTo("Unknown field 'status' for connection"));
        as(owner()).body(Map.of("configuration_id", configuration, "credentials", Map.of("accessToken", "a\r\nX-Injected: 1")))
                .post("/api/v1/connectors/" + connector + "/connections").then().statusCode(422).body("errors.field", hasItem("accessToken"));
        as(owner()).get("/api/v1/connectors/" + connector + "/connections").then().body("count", equalTo(0));
    }

    // --- helpers -------------------------------------------------------------------------------------

    private String owner() {
        return InternalTokens.bearerForUser(org, "owner");
    }

    private static RequestSpecification as(String authorization) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON);
    }

    private String addConnector(int budget) {
        String id = "local-" + UUID.randomUUID().toString().substring(0, 8);
        as(owner()).body(connectorFile(id, ProviderStub.base() + "/api", budget)).post("/api/v1/connectors").then().statusCode(201)
                .body("data.id", equalTo(id));
        return id;
    }

    private static Map<String, Object> connectorFile(String id, String baseUrl, int budget) {
        return Map.of("id", id, "name", "Local provider",
                "auth", Map.of("authType", "OAUTH2", "authorizationURL", ProviderStub.base() + "/oauth/authorize",
                        "tokenURL", ProviderStub.base() + "/oauth/token"),
                "request", Map.of("baseURL", baseUrl, "headers", Map.of("Authorization", "Bearer ${auth.accessToken}")),
                "budget", Map.of("requests", budget, "window", "PT1M"));
    }

    private String addConfiguration(String connector) {
        return as(owner()).body(Map.of("credentials", Map.of("clientId", ProviderStub.CLIENT_ID, "clientSecret", ProviderStub.CLIENT_SECRET),
                "scopes", List.of("read", "write"))).post("/api/v1/connectors/" + connector + "/configurations").then().statusCode(201)
                .body("data.credentials.clientSecret", equalTo("secr****")).extract().path("data.id");
    }

    private String importConnection(String connector, String configuration, Instant expiresAt) {
        Map<String, Object> credentials = new HashMap<>();
        credentials.put("accessToken", "imported-access-token-1");
        credentials.put("refreshToken", ProviderStub.currentRefreshToken);
        if (expiresAt != null) {
            credentials.put("expiresAt", expiresAt.toString());
        }
        return as(owner()).body(Map.of("configuration_id", configuration, "credentials", credentials))
                .post("/api/v1/connectors/" + connector + "/connections").then().statusCode(201)
                .body("data.payload.accessToken", equalTo("impo****")).extract().path("data.id");
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private String column(String sql, String id) throws Exception {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private void update(String sql, String value, String id) throws Exception {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            statement.setString(2, id);
            statement.executeUpdate();
        }
    }
}
