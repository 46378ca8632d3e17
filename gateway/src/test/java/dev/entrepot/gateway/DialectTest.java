package dev.entrepot.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.entrepot.gateway.RawHttp.Answer;
import io.vertx.core.http.HttpMethod;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A dialect's request (docs/dialects.md) reaches its service as the canonical request, with the dialect named. */
@QuarkusTest
@RealInfrastructure
@WithTestResource(ServicesStub.class)
class DialectTest {

    @TestHTTPResource("/")
    URI root;

    private URI gateway;
    private String key;
    private String marker;

    @BeforeEach
    void credential() {
        gateway = URI.create("http://127.0.0.1:" + root.getPort());
        key = "Bearer dialect-" + UUID.randomUUID();
        ServicesStub.accept(key, "org-dialect", "usr-dialect");
        marker = "m" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aPackageXPathIsForwardedAsTheCanonicalOneWithItsDialectNamed() throws Exception {
        Answer answer = RawHttp.get(gateway, null, "/v1/locations/loc1?page=2&marker=" + marker, "Authorization: " + key,
                "Entrepot-Dialect: something-else");

        assertThat(answer.status()).isEqualTo(200);
        ServicesStub.Request forwarded = forwarded();
        assertThat(forwarded.uri()).isEqualTo("/api/v1/locations/loc1?page=2&marker=" + marker);
        assertThat(forwarded.headers().get("entrepot-dialect")).containsExactly("packagex");
    }

    @Test
    void aPizzlyRequestIsForwardedAsTheCanonicalOneWithItsVerbTranslated() throws Exception {
        Answer answer = RawHttp.send(gateway, null, "PUT /api/github/configurations/cfg1?marker=" + marker
                + " HTTP/1.1\r\nHost: gateway\r\nAuthorization: " + key + "\r\nContent-Type: application/json\r\nContent-Length: 13"
                + "\r\n\r\n{\"scopes\":[]}");

        assertThat(answer.status()).isEqualTo(200);
        ServicesStub.Request forwarded = forwarded();
        assertThat(forwarded.method()).isEqualTo("PATCH");
        assertThat(forwarded.uri()).isEqualTo("/api/v1/connectors/github/configurations/cfg1?marker=" + marker);
        assertThat(forwarded.headers().get("entrepot-dialect")).containsExactly("pizzly");
        assertThat(new String(forwarded.body())).isEqualTo("{\"scopes\":[]}");
    }

    @Test
    void pizzlysPathsAndVerbsAreReadAsItsOverviewWritesThem() {
        record Case(HttpMethod method, String path, HttpMethod canonicalMethod, String canonicalPath) {
        }
        for (Case c : List.of(
                new Case(HttpMethod.GET, "/api/github", HttpMethod.GET, "/api/v1/connectors/github"),
                new Case(HttpMethod.GET, "/api/github/", HttpMethod.GET, "/api/v1/connectors/github"),
                new Case(HttpMethod.GET, "/api/github/configurations", HttpMethod.GET, "/api/v1/connectors/github/configurations"),
                new Case(HttpMethod.POST, "/api/github/configurations", HttpMethod.POST, "/api/v1/connectors/github/configurations"),
                new Case(HttpMethod.PUT, "/api/github/configurations", HttpMethod.POST, "/api/v1/connectors/github/configurations"),
                new Case(HttpMethod.GET, "/api/github/configurations/c1", HttpMethod.GET, "/api/v1/connectors/github/configurations/c1"),
                new Case(HttpMethod.PUT, "/api/github/configurations/c1", HttpMethod.PATCH, "/api/v1/connectors/github/configurations/c1"),
                new Case(HttpMethod.POST, "/api/github/configurations/c1", HttpMethod.PATCH, "/api/v1/connectors/github/configurations/c1"),
                new Case(HttpMethod.DELETE, "/api/github/configurations/c1", HttpMethod.DELETE, "/api/v1/connectors/github/configurations/c1"),
                new Case(HttpMethod.GET, "/api/github/authentications", HttpMethod.GET, "/api/v1/connectors/github/connections"),
                new Case(HttpMethod.GET, "/api/github/authentications/a1", HttpMethod.GET, "/api/v1/connectors/github/connections/a1"),
                new Case(HttpMethod.DELETE, "/api/github/authentications/a1", HttpMethod.DELETE, "/api/v1/connectors/github/connections/a1"),
                new Case(HttpMethod.GET, "/api/github/authentications/a1/refresh", HttpMethod.POST, "/api/v1/connectors/github/connections/a1/refresh"),
                new Case(HttpMethod.POST, "/api/github/authentications/a1/refresh", HttpMethod.POST, "/api/v1/connectors/github/connections/a1/refresh"))) {
            assertThat(Dialect.of(c.path())).as(c.path()).isEqualTo(Dialect.PIZZLY);
            assertThat(Dialect.PIZZLY.canonical(c.method(), c.path(), false)).as(c.method() + " " + c.path())
                    .isEqualTo(new Dialect.Canonical(c.canonicalMethod(), c.canonicalPath()));
        }
        for (String none : List.of("/api/github/things", "/api/github/configurations/c1/x", "/api/github/authentications/a1/renew",
                "/api/github/authentications/a1/refresh/x")) {
            assertThat(Dialect.PIZZLY.canonical(HttpMethod.GET, none, false)).as(none).isNull();
        }
        for (HttpMethod write : List.of(HttpMethod.DELETE, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH)) {
            assertThat(Dialect.PIZZLY.canonical(write, "/api/github", false)).as("Pizzly only reads an integration: " + write).isNull();
        }
        // A GET from another site's page (a link, an image) does not refresh: it stays a GET, which the service refuses.
        assertThat(Dialect.PIZZLY.canonical(HttpMethod.GET, "/api/github/authentications/a1/refresh", true))
                .isEqualTo(new Dialect.Canonical(HttpMethod.GET, "/api/v1/connectors/github/connections/a1/refresh"));
        assertThat(Dialect.of("/api/v1/connectors")).isEqualTo(Dialect.CANONICAL);
        assertThat(Dialect.of("/api/v1")).isEqualTo(Dialect.CANONICAL);
    }

    @Test
    void piranyasDataPathsAreTheCollectionsAndItsPutChangesOnlyWhatItSends() {
        record Case(HttpMethod method, String path, HttpMethod canonicalMethod, String canonicalPath) {
        }
        for (Case c : List.of(
                new Case(HttpMethod.GET, "/piranyaplatform/data/User.json", HttpMethod.GET, "/api/v1/users.json"),
                new Case(HttpMethod.GET, "/data/Category.xml", HttpMethod.GET, "/api/v1/categories.xml"),
                new Case(HttpMethod.GET, "/piranyaplatform/data/Product.csv", HttpMethod.GET, "/api/v1/products.csv"),
                new Case(HttpMethod.GET, "/piranyaplatform/data/Order.pdf", HttpMethod.GET, "/api/v1/orders.pdf"),
                new Case(HttpMethod.POST, "/piranyaplatform/data/Product.json", HttpMethod.POST, "/api/v1/products.json"),
                new Case(HttpMethod.PUT, "/piranyaplatform/data/Product.json", HttpMethod.PATCH, "/api/v1/products.json"),
                new Case(HttpMethod.DELETE, "/piranyaplatform/data/Product.json", HttpMethod.DELETE, "/api/v1/products.json"),
                new Case(HttpMethod.GET, "/users/accesstoken", HttpMethod.POST, "/api/v1/auth/access-tokens"),
                new Case(HttpMethod.POST, "/piranyaplatform/users/accesstoken", HttpMethod.POST, "/api/v1/auth/access-tokens"))) {
            assertThat(Dialect.of(c.path())).as(c.path()).isEqualTo(Dialect.PIRANYA);
            assertThat(Dialect.PIRANYA.canonical(c.method(), c.path(), false)).as(c.method() + " " + c.path())
                    .isEqualTo(new Dialect.Canonical(c.canonicalMethod(), c.canonicalPath()));
        }
        for (String none : List.of("/piranyaplatform/data/user.json", "/piranyaplatform/data/User", "/piranyaplatform/data/User.txt",
                "/piranyaplatform/data/User.json/x", "/data/../User.json", "/data/User.json.json")) {
            assertThat(Dialect.PIRANYA.canonical(HttpMethod.GET, none, false)).as(none).isNull();
        }
        // a GET from another site's page creates no token
        assertThat(Dialect.PIRANYA.canonical(HttpMethod.GET, "/users/accesstoken", true)).isNull();
        assertThat(Dialect.plural("StockLevel")).isEqualTo("stock_levels");
        assertThat(Dialect.plural("Day")).isEqualTo("days");
        assertThat(Dialect.of("/piranyaplatform/other")).isEqualTo(Dialect.CANONICAL);
    }

    @Test
    void aPiranyaRequestIsForwardedWithItsDialectAndTheGatewaysOwnRefusalIsInItsEnvelope() throws Exception {
        Answer answer = RawHttp.get(gateway, null, "/piranyaplatform/data/Product.json?api_version=3&marker=" + marker,
                "Authorization: " + key);

        assertThat(answer.status()).isEqualTo(200);
        ServicesStub.Request forwarded = forwarded();
        assertThat(forwarded.uri()).isEqualTo("/api/v1/products.json?api_version=3&marker=" + marker);
        assertThat(forwarded.headers().get("entrepot-dialect")).containsExactly("piranya");

        Answer refused = RawHttp.get(gateway, null, "/piranyaplatform/data/Product.json?marker=" + marker, "Accept-Language: da");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("api_version").asInt()).isEqualTo(3);
        assertThat(refused.json().path("locale").asText()).isEqualTo("da");
        assertThat(refused.json().path("result").asText()).isEqualTo("error");
        assertThat(refused.json().path("data").isArray()).isTrue();
        assertThat(refused.json().path("error_code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void onTheCanonicalApiACallerCannotNameADialect() throws Exception {
        Answer answer = RawHttp.get(gateway, null, "/api/v1/locations?marker=" + marker, "Authorization: " + key,
                "Entrepot-Dialect: packagex");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(forwarded().headers()).doesNotContainKey("entrepot-dialect");
    }

    @Test
    void aDialectsPathIsCheckedAsTheCanonicalOneIs() throws Exception {
        for (String path : List.of("/v1/../internal/v1/authenticate", "/v1/products/%2e%2e/%2e%2e/internal", "/v1/nothing-here",
                "/v1x/locations", "/v1", "/api/github/things", "/api/..%2Fv1/brands", "/api/github/authentications/a1/renew",
                "/api/%2e%2e/configurations", "/api/github/configurations/..", "/api/github/authentications/%2e%2e/refresh")) {
            Answer answer = RawHttp.get(gateway, null, path + "?marker=" + marker, "Authorization: " + key);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.json().path("endpoint").asText()).as(path).isEqualTo(path);
        }
        assertThat(ServicesStub.received(marker)).isEmpty();
    }

    @Test
    void theGatewaysOwnRefusalNamesThePathAsCalled() throws Exception {
        Answer answer = RawHttp.get(gateway, null, "/v1/locations?marker=" + marker);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("endpoint").asText()).isEqualTo("/v1/locations");
        assertThat(answer.json().path("errors").size()).isZero();
        assertThat(ServicesStub.received(marker)).isEmpty();
    }

    /** The one request this test's marker reached a service with. */
    private ServicesStub.Request forwarded() {
        List<ServicesStub.Request> received = ServicesStub.received(marker);
        assertThat(received).hasSize(1);
        return received.get(0);
    }
}
