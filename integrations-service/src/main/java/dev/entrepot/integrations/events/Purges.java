package dev.entrepot.integrations.events;

import java.time.OffsetDateTime;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.entrepot.integrations.data.IntegrationData;
import dev.entrepot.integrations.data.Registry;
import dev.entrepot.platform.events.Inbox;
import dev.entrepot.platform.events.ReceivedEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What other services announce that changes integration data (docs/integration-data.md, Purges), each
 * event applied once (the inbox): a deleted integration takes its data off every record, a deleted record
 * takes every integration's data with it, and the integrations registry follows identity-service.
 */
@ApplicationScoped
public class Purges {

    private static final Logger LOG = Logger.getLogger(Purges.class);
    private static final String INTEGRATION = "entrepot.identity.integration.";

    private final Inbox inbox;
    private final IntegrationData data;
    private final Registry registry;

    Purges(Inbox inbox, IntegrationData data, Registry registry) {
        this.inbox = inbox;
        this.data = data;
        this.registry = registry;
    }

    @Incoming("integrations")
    @Blocking
    public void integrationChanged(String payload) {
        inbox.receive("integrations-registry", payload, event -> {
            if (!event.type().startsWith(INTEGRATION)) {
                return;
            }
            boolean deleted = event.type().equals(INTEGRATION + "deleted.v1");
            OffsetDateTime time = OffsetDateTime.parse(event.time());
            registry.record(event.organization(), event.data(), deleted, time);
            if (deleted) {
                String name = event.data().path("name").asText();
                int purged = data.purgeIntegration(event.organization(), name, time);
                LOG.infof("Integration %s of organization %s deleted: its data on %d records purged", name,
                        event.organization(), purged);
            }
        });
    }

    /** Record events of the entity services, topic {@code <service>.<entity>}; only deletions matter here. */
    @Incoming("records")
    @Blocking
    public void recordChanged(ConsumerRecord<String, String> message) {
        String entity = message.topic().substring(message.topic().indexOf('.') + 1);
        inbox.receive("record-deletions", message.value(), event -> {
            if (event.type().endsWith(".deleted.v1")) {
                data.purgeRecord(event.organization(), entity, recordId(event));
            }
        });
    }

    private static String recordId(ReceivedEvent event) {
        return event.data().path("id").asText(event.subject());
    }
}
