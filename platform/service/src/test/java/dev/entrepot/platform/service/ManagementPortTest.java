package dev.entrepot.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class ManagementPortTest {

    /** An app's configuration as Quarkus assembles it: application.properties (250), an environment, the factory. */
    private static SmallRyeConfig config(Map<String, String> environment, Map<String, String> applicationProperties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withSources(new ManagementPort())
                .build();
    }

    private static final Map<String, String> GATEWAY = Map.of("quarkus.http.port", "${HTTP_PORT:8080}");

    @Test
    void isTheHttpPortPlusAThousand() {
        assertThat(config(Map.of(), GATEWAY).getValue(ManagementPort.PROPERTY, Integer.class)).isEqualTo(9080);
        assertThat(config(Map.of("HTTP_PORT", "18085"), GATEWAY).getValue(ManagementPort.PROPERTY, Integer.class)).isEqualTo(19085);
    }

    @Test
    void managementPortOrTheAppsOwnSettingWins() {
        assertThat(config(Map.of("MANAGEMENT_PORT", "9999"), GATEWAY).getValue(ManagementPort.PROPERTY, Integer.class)).isEqualTo(9999);
        Map<String, String> own = Map.of("quarkus.http.port", "8081", ManagementPort.PROPERTY, "7001");
        assertThat(config(Map.of(), own).getValue(ManagementPort.PROPERTY, Integer.class)).isEqualTo(7001);
    }

    @Test
    void leavesARandomOrMissingHttpPortToQuarkus() {
        assertThat(ManagementPort.port(null, "0")).isNull();
        assertThat(ManagementPort.port(null, null)).isNull();
        assertThat(ManagementPort.port(" ", "not a port")).isNull();
        assertThat(config(Map.of(), Map.of()).getOptionalValue(ManagementPort.PROPERTY, Integer.class)).isEmpty();
    }
}
