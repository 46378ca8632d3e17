package dev.entrepot.platform.events;

import dev.entrepot.platform.persistence.PlatformSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The tables of {@link Outbox}, {@link OutboxRelay} and {@link Inbox} ({@code event_outbox},
 * {@code event_inbox}), migrated from {@code db/platform-events} into every database of a service that
 * uses this module (docs/foundation.md, Schema).
 */
@ApplicationScoped
class EventsSchema {

    @Produces
    @Singleton
    PlatformSchema schema() {
        return new PlatformSchema("platform-events", 10);
    }
}
