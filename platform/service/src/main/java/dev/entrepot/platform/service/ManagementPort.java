package dev.entrepot.platform.service;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The port of an app's management interface (metrics, OpenAPI of the gateway: README, "Modules and
 * ports"): {@code MANAGEMENT_PORT} when set, else the HTTP port plus 1000 (8080 → 9080, 18080 → 19080).
 * Derived rather than fixed, so every instance started with its own {@code HTTP_PORT} (./entrepot up, the
 * system tests' suite and extra gateways, the benchmarks) also gets a management port of its own. Its
 * ordinal is below application.properties, so an app or {@code QUARKUS_MANAGEMENT_PORT} can still set it.
 * Tests use {@code quarkus.management.test-port} (0, a free port) instead.
 */
public class ManagementPort implements ConfigSourceFactory {

    static final String PROPERTY = "quarkus.management.port";
    static final int OFFSET = 1000;
    /** Above the platform's microprofile-config.properties (100), below application.properties (250). */
    static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // The context gives raw values; a configuration of its sources resolves ${HTTP_PORT:8080} and profiles.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withProfiles(context.getProfiles())
                .withSources(context.getConfigSources()).build();
        String port = port(value(config, "MANAGEMENT_PORT"), value(config, "quarkus.http.port"));
        return port == null ? List.of() : List.of(new PropertiesConfigSource(Map.of(PROPERTY, port), "entrepot-management-port", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** {@code MANAGEMENT_PORT} if given, else {@code httpPort + 1000}; nothing for a random HTTP port (0) or none. */
    static String port(String managementPort, String httpPort) {
        if (managementPort != null && !managementPort.isBlank()) {
            return managementPort.strip();
        }
        if (httpPort == null || httpPort.isBlank()) {
            return null;
        }
        int http;
        try {
            http = Integer.parseInt(httpPort.strip());
        } catch (NumberFormatException e) {
            return null; // Quarkus reports the bad HTTP port itself
        }
        return http <= 0 ? null : Integer.toString(http + OFFSET);
    }

    private static String value(SmallRyeConfig config, String name) {
        return config.getOptionalValue(name, String.class).orElse(null);
    }
}
