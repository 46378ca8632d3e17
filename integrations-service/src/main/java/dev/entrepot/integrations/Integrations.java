package dev.entrepot.integrations;

import java.util.Set;

import dev.entrepot.integrations.config.IntegrationsConfig;
import dev.entrepot.integrations.connect.SecretBox;
import dev.entrepot.integrations.connect.UrlGuard;
import dev.entrepot.platform.api.EntityRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** integrations-service's shared pieces, made from its configuration. */
@ApplicationScoped
class Integrations {

    /** No entity of the generic API: this service's resources are its own. */
    @Produces
    @Singleton
    EntityRegistry entities() {
        return EntityRegistry.of();
    }

    /** The master keys that seal client secrets and tokens: {@code SECRETS_MASTER_KEYS}, {@code <version>=<base64>,…}. */
    @Produces
    @Singleton
    SecretBox secretBox(IntegrationsConfig config) {
        return new SecretBox(config.secrets().masterKeys());
    }

    /** Hosts an operator allows although they are private (a test's local provider, an on-premise ERP). */
    @Produces
    @Singleton
    UrlGuard urlGuard(IntegrationsConfig config) {
        return new UrlGuard(config.connectors().allowedPrivateHosts().orElse(Set.of()));
    }
}
