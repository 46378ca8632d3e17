package dev.entrepot.integrations;

import dev.entrepot.platform.api.EntityRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** integrations-service's entities for the platform's generic API: none yet (its resources are its own). */
@ApplicationScoped
class Integrations {

    @Produces
    @Singleton
    EntityRegistry entities() {
        return EntityRegistry.of();
    }
}
