package dev.entrepot.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.entrepot.gateway.config.GatewayConfig;

class RoutesTest {

    private final Routes routes = new Routes(services(Map.of(
            "catalog", List.of("products", "inventory"),
            "identity", List.of("auth", "integrations"))));

    @Test
    void routesByTheFirstSegmentWithAnyFormatSuffix() {
        assertThat(service("/api/v1/products")).contains("catalog");
        assertThat(service("/api/v1/products/abc123def456ghi.xml")).contains("catalog");
        assertThat(service("/api/v1/products.csv")).contains("catalog");
        assertThat(service("/api/v1/products/query")).contains("catalog");
        assertThat(service("/api/v1/inventory/adjustments")).contains("catalog");
        assertThat(service("/api/v1/integrations/abc/keys")).contains("identity");
        assertThat(service("/api/v1/auth/login")).contains("identity");
    }

    @Test
    void routesNothingOutsideTheApiNorUnknownResources() {
        assertThat(service("/internal/v1/authenticate")).isEmpty();
        assertThat(service("/api/v1/internal/v1/authenticate")).isEmpty();
        assertThat(service("/api/v2/products")).isEmpty();
        assertThat(service("/api/v1/")).isEmpty();
        assertThat(service("/api/v1/orders")).isEmpty();
        assertThat(service("/q/health")).isEmpty();
        assertThat(service("/")).isEmpty();
    }

    @Test
    void routesNoPathThatAServiceCouldReadAsAnotherOne() {
        assertThat(service("/api/v1/products/../../../internal/v1/authenticate")).isEmpty();
        assertThat(service("/api/v1/products/./x")).isEmpty();
        assertThat(service("/api/v1/products/%2e%2e/%2E%2E/internal")).isEmpty();
        assertThat(service("/api/v1/products/..%2F..%2Finternal")).isEmpty();
        assertThat(service("/api/v1/products//x")).isEmpty();
        assertThat(service("/api/v1/products\\..\\internal")).isEmpty();
        assertThat(service("/api/v1/products%00")).isEmpty();
    }

    @Test
    void metricsNameTheRouteNeverTheIdsAfterIt() {
        assertThat(Routes.metricsTemplate("/api/v1/products")).isEqualTo("/api/v1/products");
        assertThat(Routes.metricsTemplate("/api/v1/products.csv")).isEqualTo("/api/v1/products");
        assertThat(Routes.metricsTemplate("/api/v1/products/abc123def456ghi")).isEqualTo("/api/v1/products/{path}");
        assertThat(Routes.metricsTemplate("/api/v1/proxy/conn1/repos/acme/secret-project")).isEqualTo("/api/v1/proxy/{path}");
        assertThat(Routes.metricsTemplate("/api/v1/auth/login")).isEqualTo("/api/v1/auth/{path}");
    }

    @Test
    void aResourceBelongsToOneServiceOnly() {
        Map<String, List<String>> clash = new LinkedHashMap<>();
        clash.put("catalog", List.of("products"));
        clash.put("orders", List.of("products"));
        assertThatThrownBy(() -> new Routes(services(clash))).hasMessageContaining("products");
    }

    @Test
    void findsAServiceByName() {
        assertThat(routes.service("identity").port()).isEqualTo(8083);
        assertThatThrownBy(() -> routes.service("orders")).hasMessageContaining("gateway.services.orders");
    }

    private Optional<String> service(String path) {
        return routes.resolve(path).map(Routes.Target::service);
    }

    private static Map<String, GatewayConfig.Service> services(Map<String, List<String>> resources) {
        Map<String, GatewayConfig.Service> services = new LinkedHashMap<>();
        resources.forEach((name, owned) -> services.put(name, new GatewayConfig.Service() {
            @Override
            public String url() {
                return name.equals("identity") ? "http://127.0.0.1:8083" : "http://127.0.0.1:8081";
            }

            @Override
            public List<String> resources() {
                return owned;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(30);
            }
        }));
        return services;
    }
}
