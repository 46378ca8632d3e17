package dev.entrepot.integrations;

import java.util.Set;

import dev.entrepot.integrations.config.IntegrationsConfig;
import dev.entrepot.integrations.connect.SecretBox;
import dev.entrepot.integrations.connect.UrlGuard;
import dev.entrepot.platform.api.EntityRegistry;
import io.quarkus.arc.DefaultBean;
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

    /** The names-to-addresses lookup the guard checks and the calls then use: the platform's (a test may put its own). */
    @Produces
    @Singleton
    @DefaultBean
    UrlGuard.Resolver resolver() {
        return UrlGuard.Resolver.SYSTEM;
    }

    /** Where connectors may point: public hosts, and those an operator allows although they are private. */
    @Produces
    @Singleton
    UrlGuard urlGuard(IntegrationsConfig config, UrlGuard.Resolver resolver) {
        return new UrlGuard(config.connectors().allowedPrivateHosts().orElse(Set.of()), resolver);
    }
}
