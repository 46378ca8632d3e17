package dev.entrepot.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.entrepot.systemtests.Suite.App;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The gateway as a caller meets it: the real gateway in front of the real identity-service, catalog and
 * the rest, each its own process. Every test makes its own organization.
 */
class GatewayIT extends SuiteTest {

    static final String PASSWORD = "gateway test password";
    private static final String GATEWAY = App.GATEWAY.baseUri().toString();

    /** A fresh organization through the gateway: its owner's email, session token and an API key of an integration. */
    record Shop(String email, String session, String integrationId, String key, String keyId) {
    }

    static Shop signUp() {
        String email = "gw-" + UUID.randomUUID() + "@example.com";
        String session = given().baseUri(GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("organization", "Gateway shop", "email", email, "password", PASSWORD))
                .post("/api/v1/auth/signup").then().statusCode(201).extract().path("data.token");
        String integration = given().baseUri(GATEWAY).auth().oauth2(session).contentType(ContentType.JSON)
                .body(Map.of("name", "erp")).post("/api/v1/integrations").then().statusCode(201).extract().path("data.id");
        Response key = given().baseUri(GATEWAY).auth().oauth2(session).contentType(ContentType.JSON)
                .body(Map.of("name", "sync")).post("/api/v1/integrations/" + integration + "/keys")
                .then().statusCode(201).extract().response();
        return new Shop(email, session, integration, key.path("data.key"), key.path("data.id"));
    }

    private static RequestSpecification as(String authorization) {
        return given().baseUri(GATEWAY).header("Authorization", authorization);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyCredentialFormReachesTheServiceAsTheSameOrganization() {
        Shop shop = signUp();
        String accessToken = as("Bearer " + shop.session()).contentType(ContentType.JSON)
                .body(Map.of("name", "reporting", "expires_in", 3600)).post("/api/v1/auth/access-tokens")
                .then().statusCode(201).extract().path("data.token");
        String brand = as(shop.key()).contentType(ContentType.JSON).body(Map.of("name", "Acme"))
                .post("/api/v1/brands").then().statusCode(201).extract().path("data.id");

        for (String authorization : List.of(shop.key(), "Bearer " + shop.session(), "Bearer " + accessToken,
                basic(shop.email(), PASSWORD), basic(shop.key(), ""))) {
            as(authorization).get("/api/v1/brands/" + brand).then().statusCode(200).body("data.name", equalTo("Acme"));
        }
        as(basic(shop.email(), PASSWORD)).get("/api/v1/me").then().statusCode(200).body("data.user.email", equalTo(shop.email()));
        as(shop.key()).get("/api/v1/me").then().statusCode(200).body("data.integration", equalTo("erp"));

        // Another organization's credential finds nothing of this one.
        Shop other = signUp();
        as(other.key()).get("/api/v1/brands/" + brand).then().statusCode(404).body("error_code", equalTo("not_found"));
    }

    @Test
    void refusesEveryBadCredentialWithAChallengeInTheEnvelope() {
        Shop shop = signUp();
        given().baseUri(GATEWAY).get("/api/v1/brands").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"entrepot\", Basic realm=\"entrepot\""))
                .body("error_code", equalTo("unauthorized")).body("status", equalTo(401))
                .body("endpoint", equalTo("/api/v1/brands"));
        for (String authorization : List.of("epk_" + "x".repeat(43), "Bearer not-a-token", basic(shop.email(), "wrong password"),
                basic("nobody@example.com", PASSWORD), "Bearer " + shop.key().substring(0, 20), "Digest abc",
                "epk_" + "y".repeat(5000))) {
            as(authorization).get("/api/v1/brands").then().statusCode(401)
                    .header("WWW-Authenticate", not(nullValue())).body("error_code", equalTo("unauthorized"));
        }
        // Signup and login need no credential; the rest of auth does.
        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("email", shop.email(), "password", PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(200);
        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .post("/api/v1/auth/access-tokens").then().statusCode(401);
    }

    @Test
    void aRevokedKeyOrDisabledIntegrationIsRefusedWithinASecond() throws Exception {
        Shop shop = signUp();
        // The gateway's event consumer may still be joining the topics just after start: wait for one
        // revocation to arrive before timing the next ones.
        String warmKey = newKey(shop);
        as(warmKey).get("/api/v1/brands").then().statusCode(200);
        as("Bearer " + shop.session()).delete("/api/v1/integrations/" + shop.integrationId() + "/keys/" + idOf(shop, warmKey))
                .then().statusCode(204);
        awaitRefused(warmKey, 30_000);

        as(shop.key()).get("/api/v1/brands").then().statusCode(200);
        as(shop.key()).get("/api/v1/brands").then().statusCode(200);
        as("Bearer " + shop.session()).delete("/api/v1/integrations/" + shop.integrationId() + "/keys/" + shop.keyId())
                .then().statusCode(204);
        assertThat(awaitRefused(shop.key(), 1_000)).as("ms until the revoked key was refused").isLessThanOrEqualTo(1_000);

        String key = newKey(shop);
        as(key).get("/api/v1/brands").then().statusCode(200);
        as("Bearer " + shop.session()).contentType(ContentType.JSON).body(Map.of("enabled", false))
                .patch("/api/v1/integrations/" + shop.integrationId()).then().statusCode(200);
        assertThat(awaitRefused(key, 1_000)).as("ms until the disabled integration's key was refused").isLessThanOrEqualTo(1_000);
    }

    @Test
    void aNewPasswordRoleOrMembershipEndsCachedCredentialsWithinASecond() throws Exception {
        Shop shop = signUp();
        String owner = "Bearer " + shop.session();
        // As above: wait for one eviction to arrive before timing the next ones.
        String warm = basic(newUser(owner, "member"), PASSWORD);
        as(warm).get("/api/v1/brands").then().statusCode(200);
        String warmId = as(warm).get("/api/v1/me").then().statusCode(200).extract().path("data.user.id");
        as(owner).contentType(ContentType.JSON).body(Map.of("is_enabled", false)).patch("/api/v1/users/" + warmId)
                .then().statusCode(200);
        awaitRefused(warm, 30_000);

        String email = newUser(owner, "member");
        String old = basic(email, PASSWORD);
        String id = as(old).get("/api/v1/me").then().statusCode(200).extract().path("data.user.id");
        as(old).get("/api/v1/brands").then().statusCode(200);
        String changed = "a changed gateway password";
        as(owner).contentType(ContentType.JSON).body(Map.of("password", changed)).patch("/api/v1/users/" + id).then().statusCode(200);
        assertThat(awaitRefused(old, 1_000)).as("ms until the old password was refused").isLessThanOrEqualTo(1_000);

        String current = basic(email, changed);
        as(current).get("/api/v1/me").then().statusCode(200).body("data.roles", not(hasItem("admin")));
        as(owner).contentType(ContentType.JSON).body(Map.of("role", "admin")).patch("/api/v1/users/" + id).then().statusCode(200);
        assertThat(awaitMe(current, "data.roles", hasItem("admin"), 1_000)).as("ms until the new role was seen").isLessThanOrEqualTo(1_000);

        String department = as(owner).contentType(ContentType.JSON).body(Map.of("name", "Dock " + UUID.randomUUID()))
                .post("/api/v1/departments").then().statusCode(201).extract().path("data.id");
        as(owner).contentType(ContentType.JSON).body(Map.of("role", "reader"))
                .put("/api/v1/departments/" + department + "/members/" + id).then().statusCode(200);
        assertThat(awaitMe(current, "data.departments." + department, equalTo("reader"), 1_000))
                .as("ms until the membership was seen").isLessThanOrEqualTo(1_000);
    }

    private static String newUser(String owner, String role) {
        String email = "gw-user-" + UUID.randomUUID() + "@example.com";
        as(owner).contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD, "role", role))
                .post("/api/v1/users").then().statusCode(201);
        return email;
    }

    /** Milliseconds until {@code GET /api/v1/me} shows {@code path} matching; fails after {@code withinMillis} plus a margin. */
    private static long awaitMe(String authorization, String path, org.hamcrest.Matcher<?> matcher, long withinMillis)
            throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            Object value = as(authorization).get("/api/v1/me").then().statusCode(200).extract().path(path);
            if (matcher.matches(value)) {
                return elapsed;
            }
            if (elapsed > withinMillis + 5_000) {
                throw new AssertionError(path + " is still " + value + " after " + elapsed + " ms");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void metricsAreOnlyOnTheManagementPortAndNameRoutesNotIds() throws Exception {
        Shop shop = signUp();
        given().baseUri(GATEWAY).get("/q/metrics").then().statusCode(404).body("error_code", equalTo("not_found"));
        given().baseUri(GATEWAY).get("/q/openapi").then().statusCode(404);
        String id = "zz" + UUID.randomUUID().toString().replace("-", "").substring(0, 13);
        as(shop.key()).get("/api/v1/brands/" + id).then().statusCode(404);
        for (App app : List.of(App.GATEWAY, App.CATALOG)) {
            String metrics = given().baseUri(app.managementUri().toString()).get("/q/metrics").then().statusCode(200)
                    .extract().asString();
            assertThat(metrics).as(app.module).contains("http_server_requests_seconds_count").doesNotContain(id);
        }
        assertThat(given().baseUri(App.GATEWAY.managementUri().toString()).get("/q/metrics").asString())
                .contains("uri=\"/api/v1/brands/{path}\"");
        assertThat(given().baseUri(App.CATALOG.managementUri().toString()).get("/q/metrics").asString())
                .contains("uri=\"/api/v1/brands/{id}\"");
    }

    @Test
    void signupAndLoginAreLimitedPerClientAddressAndLoginPerEmail() throws Exception {
        // The suite's gateways allow the many signups of its tests; this replica has the limits under test and
        // trusts 127.0.0.1 as its proxy, so each test address below is a count of its own in the shared Redis.
        URI limited = suite.startGateway(18089, Map.of("RATE_LIMIT_SIGNUP", "3/1h", "RATE_LIMIT_LOGIN_PER_EMAIL", "2/5m",
                "TRUSTED_PROXIES", "127.0.0.1"));
        String address = "2001:db8:" + Integer.toHexString(new java.util.Random().nextInt(0xfff0) + 1) + "::1";
        Shop shop = signUp();
        for (int i = 1; i <= 3; i++) {
            given().baseUri(limited.toString()).contentType(ContentType.JSON).header("X-Forwarded-For", address)
                    .body(Map.of("organization", "Burst " + i, "email", "burst-" + UUID.randomUUID() + "@example.com", "password", PASSWORD))
                    .post("/api/v1/auth/signup").then().statusCode(201).header("RateLimit-Policy", equalTo("\"signup\";q=3;w=3600"));
        }
        Response refused = given().baseUri(limited.toString()).contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body(Map.of("organization", "One too many", "email", "burst-" + UUID.randomUUID() + "@example.com", "password", PASSWORD))
                .post("/api/v1/auth/signup");
        refused.then().statusCode(429).body("error_code", equalTo("rate_limited")).header("Retry-After", not(nullValue()))
                .header("RateLimit-Remaining", equalTo("0"));

        // A password guessed from ever new addresses: the third try in five minutes is refused, even the right one.
        for (int i = 1; i <= 2; i++) {
            given().baseUri(limited.toString()).contentType(ContentType.JSON).header("X-Forwarded-For", "203.0.113." + i)
                    .body(Map.of("email", shop.email(), "password", "guess " + i)).post("/api/v1/auth/login").then().statusCode(401);
        }
        given().baseUri(limited.toString()).contentType(ContentType.JSON).header("X-Forwarded-For", "203.0.113.3")
                .body(Map.of("email", shop.email(), "password", PASSWORD)).post("/api/v1/auth/login").then().statusCode(429)
                .header("RateLimit-Policy", equalTo("\"login-email\";q=2;w=300"));
        // The count is per email for every replica, but the suite's own gateway allows far more: there the owner still logs in.
        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("email", shop.email(), "password", PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(200);
    }

    private static String newKey(Shop shop) {
        return as("Bearer " + shop.session()).contentType(ContentType.JSON).body(Map.of("name", "k-" + UUID.randomUUID()))
                .post("/api/v1/integrations/" + shop.integrationId() + "/keys").then().statusCode(201).extract().path("data.key");
    }

    private static String idOf(Shop shop, String key) {
        List<Map<String, Object>> keys = as("Bearer " + shop.session())
                .get("/api/v1/integrations/" + shop.integrationId() + "/keys").then().statusCode(200).extract().path("data");
        return keys.stream().filter(k -> key.startsWith((String) k.get("prefix"))).map(k -> (String) k.get("id"))
                .findFirst().orElseThrow();
    }

    /** Milliseconds until the credential is refused; fails after {@code withinMillis} plus a margin. */
    private static long awaitRefused(String authorization, long withinMillis) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (as(authorization).get("/api/v1/brands").statusCode() == 401) {
                return elapsed;
            }
            if (elapsed > withinMillis + 5_000) {
                throw new AssertionError("still accepted after " + elapsed + " ms");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void the301stReadOfAMinuteIsRefusedWithARetryAfterThatIsNotEarly() {
        Shop shop = signUp();
        Response last = null;
        for (int i = 1; i <= 300; i++) {
            last = as(shop.key()).get("/api/v1/brands");
            assertThat(last.statusCode()).as("read %d", i).isEqualTo(200);
        }
        assertThat(last.header("RateLimit-Policy")).isEqualTo("\"read\";q=300;w=60");
        assertThat(last.header("RateLimit-Limit")).isEqualTo("300");
        assertThat(last.header("RateLimit-Remaining")).isEqualTo("0");

        Response refused = as(shop.key()).get("/api/v1/brands");
        refused.then().statusCode(429).body("error_code", equalTo("rate_limited")).body("status", equalTo(429));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        long reset = Long.parseLong(refused.header("RateLimit-Reset"));
        assertThat(retryAfter).isBetween(30L, 60L).isGreaterThanOrEqualTo(reset);
        assertThat(refused.header("RateLimit")).isEqualTo("\"read\";r=0;t=" + reset);

        // Writes have their own quota, and another organization is not touched.
        as(shop.key()).contentType(ContentType.JSON).body(Map.of("name", "Still writable")).post("/api/v1/brands")
                .then().statusCode(201).header("RateLimit-Policy", equalTo("\"write\";q=100;w=60"));
        as(signUp().key()).get("/api/v1/brands").then().statusCode(200).header("RateLimit-Remaining", equalTo("299"));
    }

    @Test
    void twoGatewaysShareOneLimitAndBulkIsCountedApart() throws Exception {
        URI second = suite.startGateway(18085, Map.of());
        Shop shop = signUp();
        // signUp wrote twice (integration, key); 98 writes are left, spread over both replicas.
        for (int i = 0; i < 98; i++) {
            String base = i % 2 == 0 ? GATEWAY : second.toString();
            given().baseUri(base).header("Authorization", shop.key()).contentType(ContentType.JSON)
                    .body(Map.of("name", "Brand " + i)).post("/api/v1/brands").then().statusCode(201)
                    .header("RateLimit-Remaining", equalTo(Integer.toString(97 - i)));
        }
        for (String base : List.of(GATEWAY, second.toString())) {
            given().baseUri(base).header("Authorization", shop.key()).contentType(ContentType.JSON)
                    .body(Map.of("name", "One too many")).post("/api/v1/brands").then().statusCode(429)
                    .body("error_code", equalTo("rate_limited")).header("Retry-After", not(nullValue()));
        }
        given().baseUri(second.toString()).header("Authorization", shop.key()).contentType(ContentType.JSON)
                .body(Map.of("data", List.of(Map.of("name", "Bulk one"), Map.of("name", "Bulk two"))))
                .post("/api/v1/brands").then().statusCode(201)
                .header("RateLimit-Policy", equalTo("\"bulk\";q=100;w=60")).header("RateLimit-Remaining", equalTo("99"));
        given().baseUri(GATEWAY).header("Authorization", shop.key()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/brands/query").then().statusCode(200).header("RateLimit-Remaining", equalTo("98"));
    }

    @Test
    void aBodyOverTheLimitAndASilentServiceGetTheirOwnAnswers() throws Exception {
        URI strict = suite.startGateway(18086, Map.of("GATEWAY_MAX_BODY_BYTES", "65536", "IDENTITY_TIMEOUT", "1ms"));
        Shop shop = signUp();
        String body = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
        given().baseUri(strict.toString()).header("Authorization", shop.key()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/brands").then().statusCode(413).body("error_code", equalTo("payload_too_large"));

        HttpClient http = HttpClient.newHttpClient();
        // No Content-Length: the gateway counts while it streams and stops at the limit.
        HttpRequest chunked = HttpRequest.newBuilder(strict.resolve("/api/v1/brands"))
                .header("Authorization", shop.key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> answer = http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("\"error_code\":\"payload_too_large\"");

        // A PDF of the users takes identity-service far longer than the millisecond this replica allows it.
        given().baseUri(strict.toString()).header("Authorization", shop.key()).get("/api/v1/users.pdf")
                .then().statusCode(504).body("error_code", equalTo("gateway_timeout"));
    }

    @Test
    void aStoppedServiceIsA503ThatNamesItOnlyInTheLog() throws Exception {
        Shop shop = signUp();
        suite.stop(App.INTEGRATIONS);
        Response answer = as(shop.key()).get("/api/v1/connectors");
        answer.then().statusCode(503).body("error_code", equalTo("service_unavailable"));
        assertThat(answer.asString()).doesNotContain("integrations").doesNotContain("8084");
        // Other services are unaffected.
        as(shop.key()).get("/api/v1/brands").then().statusCode(200);
        awaitLogLine("gateway", "integrations unreachable");
    }

    @Test
    void nothingOutsideThePublicApiIsReachable() throws Exception {
        Shop shop = signUp();
        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("authorization", shop.key()))
                .post("/internal/v1/authenticate").then().statusCode(404).body("error_code", equalTo("not_found"));
        as(shop.key()).post("/internal/v1/signing-keys/rotate").then().statusCode(404);
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/api/v1/products/../../../internal/v1/authenticate", "/api/v1/brands/..%2F..%2F..%2Finternal%2Fv1%2Fauthenticate",
                "/api/v1/brands/%2e%2e/%2e%2e/%2e%2e/internal/v1/authenticate", "/api/v1/nothing-here", "/.well-known/jwks.json")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(GATEWAY + path))
                    .header("Authorization", shop.key()).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
        }
        given().baseUri(GATEWAY).get("/api/v1/health").then().statusCode(200).body("data.status", is("UP"));
    }

    @Test
    void requestIdsAreKeptOrMadeAndLoggedOnceWithoutTheCredential() throws Exception {
        Shop shop = signUp();
        as(shop.key()).header("X-Request-Id", "caller-chosen-id.42").get("/api/v1/brands").then().statusCode(200)
                .header("X-Request-Id", equalTo("caller-chosen-id.42"));
        String made = as(shop.key()).header("X-Request-Id", "bad id with spaces").get("/api/v1/brands").then().statusCode(200)
                .extract().header("X-Request-Id");
        assertThat(made).matches("[0-9a-f]{32}");
        String line = awaitLogLine("gateway", "request_id=caller-chosen-id.42");
        assertThat(line).contains("GET /api/v1/brands 200").contains("org=");
        List<String> log = Files.readAllLines(suite.log(App.GATEWAY.module));
        assertThat(log.stream().filter(l -> l.contains("request_id=caller-chosen-id.42"))).hasSize(1);
        assertThat(log).noneMatch(l -> l.contains(shop.key()) || l.contains(shop.session()) || l.contains(PASSWORD));
    }

    @Test
    void withoutRedisAGatewayCountsAloneOrRefusesAsConfigured() throws Exception {
        URI open = suite.startGateway(18087, Map.of("REDIS_URL", "redis://127.0.0.1:1"));
        URI closed = suite.startGateway(18088, Map.of("REDIS_URL", "redis://127.0.0.1:1", "RATE_LIMIT_WHEN_REDIS_DOWN", "closed"));
        Shop shop = signUp();

        given().baseUri(open.toString()).header("Authorization", shop.key()).get("/api/v1/brands").then().statusCode(200)
                .header("RateLimit-Remaining", equalTo("299"));
        given().baseUri(open.toString()).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Rate limits' }.data.redis", equalTo("unreachable"));

        given().baseUri(closed.toString()).header("Authorization", shop.key()).get("/api/v1/brands").then().statusCode(503)
                .body("error_code", equalTo("service_unavailable"));
        given().baseUri(closed.toString()).get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'Rate limits' }.status", equalTo("DOWN"));
    }

    private static String awaitLogLine(String logName, String text) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            for (String line : Files.readAllLines(suite.log(logName))) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line with '" + text + "' in " + logName + ".log");
            }
            Thread.sleep(100);
        }
    }
}
