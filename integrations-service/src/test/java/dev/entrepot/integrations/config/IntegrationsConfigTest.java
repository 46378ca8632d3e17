package dev.entrepot.integrations.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The defaults IntegrationsConfig documents are the values application.properties applies when its variables are unset. */
class IntegrationsConfigTest {

    private static final Pattern FALLBACK = Pattern.compile("(?m)^(entrepot\\.[a-z.-]+)=\\$\\{[A-Z_]+:([^}]*)}$");

    @Test
    void everyFallbackOfApplicationPropertiesIsTheMappingsDefault() throws IOException {
        SmallRyeConfig defaults = new SmallRyeConfigBuilder().withMapping(IntegrationsConfig.class)
                .withDefaultValues(Map.of("entrepot.secrets.master-keys", "1=key")).build();
        String properties = applicationProperties();
        Matcher fallback = FALLBACK.matcher(properties);
        int checked = 0;
        while (fallback.find()) {
            String expected = fallback.group(2).isEmpty() ? null : fallback.group(2);
            assertThat(defaults.getRawValue(fallback.group(1))).as(fallback.group(1)).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(3);
        assertThat(properties).contains("entrepot.integrations-data.entities="
                + defaults.getRawValue("entrepot.integrations-data.entities") + "\n");

        IntegrationsConfig config = defaults.getConfigMapping(IntegrationsConfig.class);
        assertThat(config.connectors().allowedPrivateHosts()).isEmpty();
        assertThat(config.connections().refreshBefore()).hasMinutes(5);
        assertThat(config.integrationsData().entities()).contains("products", "orders");
    }

    private static String applicationProperties() throws IOException {
        try (InputStream in = IntegrationsConfigTest.class.getResourceAsStream("/application.properties")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
