package dev.entrepot.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.entrepot.gateway.RawHttp.Answer;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A dialect's request (docs/dialects.md) reaches its service under the canonical path, with the dialect named. */
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
        List<ServicesStub.Request> received = ServicesStub.received(marker);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).uri()).isEqualTo("/api/v1/locations/loc1?page=2&marker=" + marker);
        assertThat(received.get(0).headers().get("entrepot-dialect")).containsExactly("packagex");
    }

    @Test
    void onTheCanonicalApiACallerCannotNameADialect() throws Exception {
        Answer answer = RawHttp.get(gateway, null, "/api/v1/locations?marker=" + marker, "Authorization: " + key,
                "Entrepot-Dialect: packagex");

        assertThat(answer.status()).isEqualTo(200);
        List<ServicesStub.Request> received = ServicesStub.received(marker);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).headers()).doesNotContainKey("entrepot-dialect");
    }

    @Test
    void aDialectsPathIsCheckedAsTheCanonicalOneIs() throws Exception {
        for (String path : List.of("/v1/../internal/v1/authenticate", "/v1/products/%2e%2e/%2e%2e/internal", "/v1/nothing-here",
                "/v1x/locations", "/v1")) {
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
}
