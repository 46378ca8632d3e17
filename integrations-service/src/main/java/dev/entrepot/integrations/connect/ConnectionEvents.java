package dev.entrepot.integrations.connect;

import dev.entrepot.platform.events.Outbox;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Connection events on {@value #TOPIC}: created, refreshed, invalidated (a refresh the provider refused;
 * the reason in {@code invalid_reason}) and deleted, each with the connection as the API shows it
 * (secrets masked), keyed by the connection's id.
 */
@ApplicationScoped
public class ConnectionEvents {

    public static final String TOPIC = "integrations.connections";

    private final Outbox outbox;

    ConnectionEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public void publish(String organization, String happened, ConnectionStore.Connection connection) {
        outbox.add(TOPIC, "entrepot.integrations.connection." + happened + ".v1", connection.id(), organization,
                Views.connection(connection));
    }
}
