package dev.entrepot.identity.config;

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

/** The defaults IdentityConfig documents are the fallbacks application.properties applies. */
class IdentityConfigTest {

    private static final Pattern FALLBACK = Pattern.compile("(?m)^(entrepot\\.identity\\.[a-z.-]+)=\\$\\{[A-Z_]+:([^}]*)}$");

    @Test
    void everyFallbackOfApplicationPropertiesIsTheMappingsDefault() throws IOException {
        SmallRyeConfig defaults = new SmallRyeConfigBuilder().withMapping(IdentityConfig.class)
                .withDefaultValues(Map.of("mp.jwt.verify.issuer", "issuer", "entrepot.identity.signing-key-secret", "secret"))
                .build();
        Matcher fallback = FALLBACK.matcher(applicationProperties());
        int checked = 0;
        while (fallback.find()) {
            assertThat(defaults.getRawValue(fallback.group(1))).as(fallback.group(1)).isEqualTo(fallback.group(2));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);

        IdentityConfig.Identity identity = defaults.getConfigMapping(IdentityConfig.class).identity();
        assertThat(identity.lockout().attempts()).isEqualTo(5);
        assertThat(identity.signingKey().prepublish()).hasMinutes(10);
    }

    private static String applicationProperties() throws IOException {
        try (InputStream in = IdentityConfigTest.class.getResourceAsStream("/application.properties")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
