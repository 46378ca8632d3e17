package dev.entrepot.integrations;

import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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
    SecretBox secretBox(@ConfigProperty(name = "entrepot.secrets.master-keys") String masterKeys) {
        return new SecretBox(masterKeys);
    }

    /** Hosts an operator allows although they are private (a test's local provider, an on-premise ERP). */
    @Produces
    @Singleton
    UrlGuard urlGuard(@ConfigProperty(name = "entrepot.connectors.allowed-private-hosts") Optional<Set<String>> allowed) {
        return new UrlGuard(allowed.orElse(Set.of()));
    }
}
